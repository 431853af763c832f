package dev.parley.server;

/** {@link ChatNodeSessionTlsTest} on the JDK's TLS engine, the fallback where OpenSSL does not load. */
class ChatNodeSessionTlsJdkTest extends ChatNodeSessionTlsTest {
  @Override
  TlsSettings.Engine engine() {
    return TlsSettings.Engine.JDK;
  }

  @Override
  String engineName() {
    return "JDK";
  }
}
