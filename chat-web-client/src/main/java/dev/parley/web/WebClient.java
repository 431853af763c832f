package dev.parley.web;

import dev.parley.server.GateServer;
import dev.parley.server.StaticContent;

/**
 * The Parley web client: HTML, CSS and JavaScript ES modules (no build step) packaged in this jar
 * under {@value #RESOURCES}, handed to a gate as its {@link StaticContent}:
 *
 * <pre>{@code
 * GateServer gate = GateServer.builder().accountService(accounts)
 *     .staticContent(WebClient.builder().connectSources(List.of("wss://chat.example.com:9001")).build())
 *     .build();
 * }</pre>
 *
 * <p>The all-in-one {@code ParleyServer} serves it by default whenever this jar is on its class
 * path. A host application with its own web server can copy the same files from the jar instead;
 * it should then send the headers {@link StaticContent} lists. Stateless.
 */
public final class WebClient {
  /** The class-path folder holding the files; {@code index.html} is the page. */
  public static final String RESOURCES = "dev/parley/web/";

  private WebClient() {}

  /**
   * A {@link StaticContent} builder for the web client's files, to add the chat nodes' WebSocket
   * origins ({@link StaticContent.Builder#connectSources}) before {@code build()}.
   */
  public static StaticContent.Builder builder() {
    return StaticContent.fromClasspath(WebClient.class.getClassLoader(), RESOURCES);
  }

  /**
   * The web client's files with no connect sources besides the gate: right only when the chat
   * node's WebSocket is reached through the gate's own origin (a reverse proxy); otherwise use
   * {@link #builder()}. For {@link GateServer.Builder#staticContent}.
   */
  public static StaticContent staticContent() {
    return builder().build();
  }
}
