package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.StaticContent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The packaged files: the page, its module and style, no Java classes, and the CSP the builder gives. */
class WebClientTest {
  @Test
  void theWebClientServesItsPageModuleAndStyleButNoClasses() {
    StaticContent content = WebClient.staticContent();
    assertThat(content.paths()).contains("/index.html", "/app.js", "/app.css")
        .noneMatch(p -> p.endsWith(".class"));
    String page = new String(content.bytes("/index.html"), StandardCharsets.UTF_8);
    // Everything the page runs is a same-origin file: no inline script or style for the CSP to refuse.
    assertThat(page).contains("<script type=\"module\" src=\"app.js\"></script>")
        .doesNotContainPattern("<script(?![^>]*\\ssrc=)[^>]*>").doesNotContain("<style").doesNotContain(" style=")
        .doesNotContainPattern("\\son[a-z]+=");
  }

  @Test
  void theBuilderAddsTheChatNodesToConnectSrc() {
    assertThat(WebClient.builder().connectSources(List.of("wss://chat.example:9001")).build().contentSecurityPolicy())
        .contains("connect-src 'self' wss://chat.example:9001;");
  }
}
