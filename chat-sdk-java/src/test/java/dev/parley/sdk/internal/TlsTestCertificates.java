package dev.parley.sdk.internal;

import dev.parley.core.testing.TestPki;
import java.nio.file.Path;

/**
 * The certificates the SDK's TLS tests use, made once per test class: a CA ({@code pki}), a server
 * certificate for localhost, one for another host name, a client certificate, and a localhost
 * server certificate from an unrelated CA.
 */
record TlsTestCertificates(TestPki pki, TestPki.Issued serverCertificate, TestPki.Issued wrongName,
    TestPki.Issued clientCertificate, TestPki.Issued otherCaServer) {
  static TlsTestCertificates make(Path dir) {
    TestPki pki = TestPki.create(dir, "sdk");
    return new TlsTestCertificates(pki, pki.issue("localhost"), pki.issueForHost("other", "other.example"),
        pki.issue("parley-client"), TestPki.create(dir, "other").issue("localhost"));
  }
}
