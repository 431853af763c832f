package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.service.ChatLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A gate with static content, over real HTTP: the files with their types, ETag and 304, the
 * security headers and the exact CSP; traversal in every spelling refused; the API unchanged.
 */
class GateStaticContentTest {
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; "
      + "connect-src 'self' ws://127.0.0.1:9001 wss://*.chat.example:9443; form-action 'self'; "
      + "frame-ancestors 'none'; base-uri 'none'";

  @TempDir
  static Path root;
  static Path web;
  private static GateFixture fixture;

  @BeforeAll
  static void start() throws IOException {
    web = Files.createDirectories(root.resolve("web"));
    Files.writeString(web.resolve("index.html"), "<!doctype html><title>Parley</title>");
    Files.writeString(web.resolve("app.js"), "export const x = 1;");
    Files.writeString(web.resolve("app.css"), "body { color: red }");
    Files.createDirectories(web.resolve("js"));
    Files.writeString(web.resolve("js/sync.mjs"), "export const y = 2;");
    Files.writeString(web.resolve("data.bin"), "??");
    Files.writeString(root.resolve("secret.txt"), "outside the web root");
    StaticContent content = StaticContent.fromDirectory(web)
        .connectSources(List.of("ws://127.0.0.1:9001", "wss://*.chat.example:9443")).build();
    fixture = new GateFixture(ChatLimits.defaults(), codes -> null, b -> b.staticContent(content), true);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void theRootIsIndexHtmlWithTypeCacheAndSecurityHeaders() {
    GateHttp.Reply reply = fixture.http.get("/");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo("<!doctype html><title>Parley</title>");
    assertThat(reply.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(reply.header("Cache-Control")).isEqualTo("no-cache");
    assertThat(reply.header("ETag")).matches("\"[A-Za-z0-9_-]{22}\"");
    assertThat(reply.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(reply.header("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(reply.header("Content-Security-Policy")).isEqualTo(CSP);
    assertThat(fixture.http.get("/index.html").header("ETag")).isEqualTo(reply.header("ETag"));
  }

  @Test
  void eachFileHasTheContentTypeOfItsExtension() {
    assertThat(fixture.http.get("/app.js").header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
    assertThat(fixture.http.get("/app.css").header("Content-Type")).isEqualTo("text/css; charset=utf-8");
    GateHttp.Reply nested = fixture.http.get("/js/sync.mjs");
    assertThat(nested.status()).isEqualTo(200);
    assertThat(nested.body()).isEqualTo("export const y = 2;");
    assertThat(nested.header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
    assertThat(fixture.http.get("/data.bin").header("Content-Type")).isEqualTo("application/octet-stream");
  }

  @Test
  void aMatchingIfNoneMatchIsNotModifiedAndAnotherGetsTheFile() throws Exception {
    String etag = fixture.http.get("/app.js").header("ETag");
    HttpResponse<String> same = send(HttpRequest.newBuilder(uri("/app.js")).header("If-None-Match", etag).GET().build());
    assertThat(same.statusCode()).isEqualTo(304);
    assertThat(same.body()).isEmpty();
    assertThat(same.headers().firstValue("ETag")).contains(etag);
    assertThat(same.headers().firstValue("Cache-Control")).contains("no-cache");
    assertThat(same.headers().firstValue("Content-Length")).isEmpty();
    HttpResponse<String> listed = send(HttpRequest.newBuilder(uri("/app.js"))
        .header("If-None-Match", "\"other\", W/" + etag).GET().build());
    assertThat(listed.statusCode()).isEqualTo(304);
    HttpResponse<String> stale = send(HttpRequest.newBuilder(uri("/app.js")).header("If-None-Match", "\"stale\"").GET().build());
    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(stale.body()).isEqualTo("export const x = 1;");
    // another file's tag does not match this one
    String cssTag = fixture.http.get("/app.css").header("ETag");
    assertThat(cssTag).isNotEqualTo(etag);
  }

  @Test
  void headAnswersTheHeadersWithoutTheBody() throws Exception {
    HttpResponse<String> head = send(HttpRequest.newBuilder(uri("/app.css"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Length")).contains("19");
    assertThat(head.headers().firstValue("Content-Security-Policy")).contains(CSP);
  }

  @Test
  void anotherMethodOnAFileIsMethodNotAllowed() {
    GateHttp.Reply reply = fixture.http.method("POST", "/app.js");
    assertThat(reply.status()).isEqualTo(405);
    assertThat(reply.header("Allow")).isEqualTo("GET, HEAD");
  }

  @Test
  void anUnknownPathIsTheGatesUsualNotFound() {
    GateHttp.Reply reply = fixture.http.get("/nope.js");
    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.errorCode()).isEqualTo("NOT_FOUND");
    assertThat(fixture.http.get("/js/").status()).isEqualTo(404); // no index.html there
  }

  @ParameterizedTest
  @ValueSource(strings = {"/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/js/../../secret.txt",
      "/js/%2e%2e/%2e%2e/secret.txt", "/..%2fsecret.txt", "/..\\secret.txt", "/%5c..%5csecret.txt",
      "/app.js%00", "/app.js%00.png", "//app.js", "/./app.js", "/js/./sync.mjs", "/js/../app.js",
      "/%2e/app.js", "/web/app.js", "/WEB-INF/x", "/app.js/"})
  void traversalAndAliasesAreRefused(String rawPath) throws IOException {
    String response = rawGet(rawPath);
    assertThat(response).startsWith("HTTP/1.1 404").doesNotContain("outside the web root")
        .doesNotContain("export const");
  }

  @Test
  void theApiRoutesKeepTheirBehaviour() {
    assertThat(fixture.http.get("/").status()).isEqualTo(200);
    assertThat(fixture.http.get("/healthz").body()).isEqualTo("{\"status\":\"UP\"}");
    assertThat(fixture.http.get("/healthz").header("Content-Security-Policy")).isNull();
    assertThat(fixture.http.get("/metrics").body()).contains("parley_gate_requests_total{route=\"static\",status=\"200\"}");
    GateHttp.Reply unknownApi = fixture.http.get("/api/v1/index.html");
    assertThat(unknownApi.status()).isEqualTo(404);
    assertThat(unknownApi.errorCode()).isEqualTo("NOT_FOUND");
    assertThat(fixture.http.get("/api/").status()).isEqualTo(404);
    GateHttp.Reply wrongMethod = fixture.http.get("/api/v1/sessions");
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.header("Allow")).isEqualTo("POST");
    GateHttp.Reply login = fixture.login("nobody@example.com", "wrong password");
    assertThat(login.status()).isEqualTo(401);
    assertThat(login.header("Content-Security-Policy")).isNull();
  }

  private static String rawGet(String rawPath) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", fixture.gate.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + rawPath + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + fixture.gate.port() + path);
  }

  private static HttpResponse<String> send(HttpRequest request) throws Exception {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
        .send(request, HttpResponse.BodyHandlers.ofString());
  }
}
