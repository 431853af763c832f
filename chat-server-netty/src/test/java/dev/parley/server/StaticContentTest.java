package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading static content: from a jar and a directory, within the caps, and the CSP's connect sources. */
class StaticContentTest {
  @TempDir
  Path dir;

  @Test
  void aJarOnTheClassPathIsReadFromItsFolderWithoutClassFiles() throws IOException {
    Path jar = dir.resolve("web.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      put(out, "com/example/web/", null);
      put(out, "com/example/web/index.html", "<title>x</title>");
      put(out, "com/example/web/js/app.js", "export {};");
      put(out, "com/example/web/Web.class", "not served");
      put(out, "com/example/other.txt", "outside the folder");
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      assertThat(StaticContent.onClasspath(loader, "com/example/web")).isTrue();
      StaticContent content = StaticContent.fromClasspath(loader, "com/example/web").build();
      assertThat(content.paths()).containsExactly("/index.html", "/js/app.js");
      assertThat(new String(content.bytes("/js/app.js"), StandardCharsets.UTF_8)).isEqualTo("export {};");
      assertThat(content.bytes("/Web.class")).isNull();
      assertThat(StaticContent.onClasspath(loader, "com/example/none/")).isFalse();
      assertThatThrownBy(() -> StaticContent.fromClasspath(loader, "com/example/none/").build())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("com/example/none/index.html");
    }
  }

  @Test
  void theCapsOnFilesAndBytesHoldAtBuild() throws IOException {
    Files.writeString(dir.resolve("index.html"), "12345");
    Files.writeString(dir.resolve("b.js"), "67890");
    assertThat(StaticContent.fromDirectory(dir).maxBytes(10).maxFiles(2).build().paths()).hasSize(2);
    assertThatThrownBy(() -> StaticContent.fromDirectory(dir).maxBytes(9).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("exceed 9 bytes");
    assertThatThrownBy(() -> StaticContent.fromDirectory(dir).maxFiles(1).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("more than 1 static files");
    assertThatThrownBy(() -> StaticContent.fromDirectory(dir.resolve("missing")).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not a directory");
  }

  @Test
  void aSymbolicLinkOutOfTheDirectoryIsNotFollowed() throws IOException {
    Path web = Files.createDirectories(dir.resolve("web"));
    Files.writeString(web.resolve("index.html"), "page");
    Path secret = Files.writeString(dir.resolve("secret.txt"), "secret");
    Files.createSymbolicLink(web.resolve("secret.txt"), secret);
    assertThat(StaticContent.fromDirectory(web).build().paths()).containsExactly("/index.html");
  }

  @Test
  void connectSourcesMustBeSingleSourceExpressions() throws IOException {
    Files.writeString(dir.resolve("index.html"), "page");
    for (String bad : List.of("", "wss://a.example; script-src *", "wss://a.example wss://b.example", "'unsafe-inline'",
        "wss://a.example,x")) {
      assertThatThrownBy(() -> StaticContent.fromDirectory(dir).connectSources(List.of(bad)))
          .as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    StaticContent dynamic = StaticContent.fromDirectory(dir).connectSources(() -> List.of("ws://127.0.0.1:1234")).build();
    assertThat(dynamic.contentSecurityPolicy()).contains("connect-src 'self' ws://127.0.0.1:1234;");
    assertThat(StaticContent.fromDirectory(dir).build().contentSecurityPolicy()).contains("connect-src 'self';");
  }

  private static void put(JarOutputStream out, String name, String text) throws IOException {
    out.putNextEntry(new JarEntry(name));
    if (text != null) {
      OutputStream o = out;
      o.write(text.getBytes(StandardCharsets.UTF_8));
    }
    out.closeEntry();
  }
}
