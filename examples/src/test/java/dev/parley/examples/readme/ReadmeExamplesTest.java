package dev.parley.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.parley.server.ParleyServer;
import dev.parley.server.mail.SmtpMailSender;
import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every Java block of README.md is one of the compiled files of this package, verbatim, so the
 * README's code compiles as written; and the README's embedding example and SDK example run: the
 * server on free ports with a real {@link SmtpMailSender} (to an in-test SMTP server), the SDK
 * example twice against it.
 */
class ReadmeExamplesTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path EXAMPLES = Path.of("examples", "src", "main", "java", "dev", "parley", "examples", "readme");
  private static final Pattern MARKER = Pattern.compile("<!-- compiled: (\\S+\\.java) -->");
  private static final Pattern CODE = Pattern.compile("(?m)^\\s*(\\d{6})\\s*$");

  private final GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

  private record Block(int line, String marker, String code) {}

  @AfterEach
  void stopSmtp() {
    smtp.stop();
  }

  @Test
  void everyJavaBlockOfTheReadmeIsACompiledExampleFileVerbatim() throws IOException {
    List<Block> blocks = javaBlocks(Files.readAllLines(ROOT.resolve("README.md")));

    assertThat(blocks).as("java blocks in README.md").isNotEmpty();
    List<String> shown = new ArrayList<>();
    for (Block b : blocks) {
      Matcher m = MARKER.matcher(b.marker);
      assertThat(m.matches()).as("README.md line %d: a ```java block must follow a line <!-- compiled: %s/File.java -->"
          + " naming the compiled file it shows; found '%s'", b.line, EXAMPLES, b.marker).isTrue();
      Path file = Path.of(m.group(1));
      assertThat(file.startsWith(EXAMPLES)).as("README.md line %d: %s is not under %s", b.line, file, EXAMPLES).isTrue();
      assertThat(b.code).as("README.md line %d must be %s verbatim (edit the file, then copy it)", b.line, file)
          .isEqualTo(Files.readString(ROOT.resolve(file)));
      shown.add(file.getFileName().toString());
    }
    try (Stream<Path> files = Files.list(ROOT.resolve(EXAMPLES))) {
      assertThat(shown).as("each example file shown once in README.md").containsExactlyInAnyOrderElementsOf(
          files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("package-info.java")).toList());
    }
  }

  @Test
  void theEmbeddedServerStartsOnFreePortsAndTheSdkExampleRunsTwiceAgainstIt() throws Exception {
    smtp.start();
    SmtpMailSender mail = SmtpMailSender.builder().host("127.0.0.1").port(smtp.getSmtp().getPort())
        .security(SmtpMailSender.Security.NONE).from("Parley <no-reply@parley.test>").build();
    ParleyServer server = EmbeddedServer.start(0, 0, mail);
    int gatePort = URI.create(server.gateUrl()).getPort();
    try {
      URI gate = URI.create(server.gateUrl());
      assertThat(HelloParley.run(gate, this::awaitCode)).isEqualTo("Hello, Grace!");
      assertThat(HelloParley.run(gate, this::awaitCode)).isEqualTo("Hello, Grace!");
      assertThat(smtp.getReceivedMessages()).hasSize(4); // two new users per run, one code each
    } finally {
      server.stop();
    }
    assertThat(refusesConnections(gatePort)).as("gate port closed after stop()").isTrue();
  }

  /** The ```java blocks, each with the last non-blank line before it and its 1-based line number. */
  private static List<Block> javaBlocks(List<String> lines) {
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).strip().toLowerCase().startsWith("```java")) {
        continue;
      }
      int before = i - 1;
      while (before >= 0 && lines.get(before).isBlank()) {
        before--;
      }
      StringBuilder code = new StringBuilder();
      int j = i + 1;
      for (; j < lines.size() && !lines.get(j).strip().equals("```"); j++) {
        code.append(lines.get(j)).append('\n');
      }
      blocks.add(new Block(i + 1, before >= 0 ? lines.get(before).strip() : "", code.toString()));
      i = j;
    }
    return blocks;
  }

  private String awaitCode(String email) {
    return await("verification mail to " + email).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
        .until(() -> codeFor(email), Optional::isPresent).orElseThrow();
  }

  private Optional<String> codeFor(String email) throws Exception {
    for (MimeMessage m : smtp.getReceivedMessages()) {
      for (Address to : m.getAllRecipients()) {
        Matcher code = CODE.matcher(GreenMailUtil.getBody(m));
        if (to.toString().equalsIgnoreCase(email) && code.find()) {
          return Optional.of(code.group(1));
        }
      }
    }
    return Optional.empty();
  }

  private static boolean refusesConnections(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return false;
    } catch (ConnectException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
