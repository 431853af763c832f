package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.server.ParleyServer;
import dev.parley.web.testing.Browser;
import dev.parley.web.testing.Browsers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web client in a real headless Chromium, served by a real all-in-one {@link ParleyServer}:
 * the page loads and runs its module, the Content-Security-Policy is enforced (an injected inline
 * script is refused and reported), and the chat node's WebSocket accepts the page's own origin and
 * refuses others.
 */
class WebClientBrowserIT {
  @RegisterExtension
  final Browsers browsers = new Browsers();

  private ParleyServer server;

  @BeforeEach
  void startServer() {
    Browser.assumeInstalled();
    server = ParleyServer.builder().build().start();
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void thePageLoadsItsModuleWithoutConsoleErrorsAtBothWindowSizes() {
    Browser wide = browsers.open(1280, 800).open(server.gateUrl() + "/");
    awaitReady(wide);
    assertThat(wide.driver().getTitle()).isEqualTo("Parley");
    assertThat(wide.script("return [window.innerWidth, window.innerHeight];")).isEqualTo(List.of(1280L, 800L));
    assertThat(wide.screenshot("web-client-1280x800")).exists().isNotEmptyFile();
    Browser narrow = browsers.open(400, 800).open(server.gateUrl() + "/");
    awaitReady(narrow);
    assertThat(narrow.script("return [window.innerWidth, window.innerHeight];")).isEqualTo(List.of(400L, 800L));
    assertThat(narrow.script("return window.matchMedia('(max-width: 480px)').matches;")).isEqualTo(true);
    assertThat(narrow.screenshot("web-client-400x800")).exists().isNotEmptyFile();
    assertThat(wide.consoleErrors()).isEmpty();
    assertThat(narrow.consoleErrors()).isEmpty();
  }

  @Test
  void theContentSecurityPolicyRefusesAnInjectedInlineScriptAndInlineHandler() {
    Browser browser = browsers.open().open(server.gateUrl() + "/");
    awaitReady(browser);
    browser.script("""
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective));
        const s = document.createElement('script');
        s.textContent = 'window.__inlineRan = true;';
        document.body.appendChild(s);
        const img = document.createElement('img');
        img.setAttribute('onerror', 'window.__handlerRan = true;');
        img.src = 'data:,not-an-image';
        document.body.appendChild(img);
        """);
    // Without the policy both would run: the inline script at once, the handler when the image fails.
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat((Iterable<?>) browser.script("return window.__violations;")).hasSizeGreaterThanOrEqualTo(2));
    assertThat(browser.script("return window.__inlineRan === true;")).isEqualTo(false);
    assertThat(browser.script("return window.__handlerRan === true;")).isEqualTo(false);
    // Chromium reports each refusal on the console, naming the directive.
    assertThat(browser.consoleErrors()).anySatisfy(m -> assertThat(m)
        .contains("inline script violates the following Content Security Policy directive 'script-src 'self''")
        .contains("blocked"));
    assertThat(browser.consoleErrors()).anySatisfy(m -> assertThat(m)
        .contains("inline event handler violates the following Content Security Policy directive 'script-src 'self''"));
  }

  @Test
  void thePageMayOpenTheChatNodesWebSocketFromBothLoopbackNames() {
    int ws = server.chatNode().webSocketPort();
    for (String host : new String[] {"127.0.0.1", "localhost"}) {
      String page = "http://" + host + ":" + server.gateUrl().replaceFirst(".*:", "") + "/";
      Browser browser = browsers.open().open(page);
      awaitReady(browser);
      browser.script("""
          window.__ws = 'connecting';
          const socket = new WebSocket('ws://127.0.0.1:' + arguments[0] + '/ws', 'parley.v1.json');
          socket.onopen = () => { window.__ws = 'open:' + socket.protocol; socket.close(); };
          socket.onerror = () => { window.__ws = 'error'; };
          """, ws);
      await().atMost(Duration.ofSeconds(10)).until(() -> !"connecting".equals(browser.script("return window.__ws;")));
      assertThat(browser.script("return window.__ws;")).as("from %s", page).isEqualTo("open:parley.v1.json");
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  @Test
  void theChatNodesWebSocketRefusesAnotherOrigin() throws Exception {
    URI ws = URI.create("ws://127.0.0.1:" + server.chatNode().webSocketPort() + "/ws");
    String gatePort = server.gateUrl().replaceFirst(".*:", "");
    WebSocket own = HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", "http://localhost:" + gatePort)
        .subprotocols("parley.v1.json").buildAsync(ws, new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS);
    own.abort();
    for (String other : new String[] {"http://evil.example", "http://127.0.0.1:1", "https://127.0.0.1:" + gatePort}) {
      assertThatThrownBy(() -> HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", other)
          .buildAsync(ws, new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS))
          .as("origin %s", other).hasStackTraceContaining("403");
    }
  }

  private static void awaitReady(Browser browser) {
    await().atMost(Duration.ofSeconds(15)).until(() ->
        "ready".equals(browser.script("return document.documentElement.dataset.app;")));
  }
}
