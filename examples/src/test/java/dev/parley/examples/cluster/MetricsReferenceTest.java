package dev.parley.examples.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.crypto.Argon2PasswordHasher;
import dev.parley.core.model.CodePurpose;
import dev.parley.examples.MailTrap;
import dev.parley.sdk.ChatListener;
import dev.parley.sdk.ChatMessage;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.ParleyClient;
import dev.parley.server.ParleyServer;
import dev.parley.server.ProcessMeters;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's metrics reference names every meter a role serves, with every label: the
 * {@code parley_*} meters of a gate and chat node that have served sign-up, login and a message,
 * and the JVM and process meters of {@link ProcessMeters}. Writes the reference it expects to
 * {@code target/metrics-reference.md} for whoever updates the README.
 */
class MetricsReferenceTest {
  private static final Path README = Path.of("..", "README.md");
  private static final Pattern TYPE = Pattern.compile("(?m)^# TYPE (\\S+) (\\S+)$");
  private static final Pattern HELP = Pattern.compile("(?m)^# HELP (\\S+) (.*)$");
  private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{([^}]*)})? ");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

  private record Family(String name, String type, String help, Set<String> labels) {}

  @Test
  void theReadmeListsEveryMeterWithItsLabels() throws Exception {
    Map<String, Family> families = new TreeMap<>();
    families.putAll(families(busyServerScrape()));
    try (ProcessMeters meters = ProcessMeters.create()) {
      System.gc(); // so the garbage-collection pause timer exists
      await().atMost(Duration.ofSeconds(10)).until(() -> meters.scrape().contains("jvm_gc_pause_seconds"));
      families.putAll(families(meters.scrape()));
    }
    writeReference(families.values());
    String reference = metricsSection(Files.readString(README));

    List<String> missing = new ArrayList<>();
    for (Family f : families.values()) {
      Matcher row = Pattern.compile("(?m)^\\| `" + Pattern.quote(f.name) + "` \\|.*$").matcher(reference);
      if (!row.find()) {
        missing.add(f.name + " (no row)");
        continue;
      }
      for (String label : f.labels) {
        if (!row.group().contains("`" + label + "`")) {
          missing.add(f.name + " label " + label);
        }
      }
    }
    assertThat(missing).as("meters or labels missing from README.md's Metrics section; see "
        + "examples/target/metrics-reference.md").isEmpty();
    assertThat(families).containsKeys("parley_connections", "parley_gate_requests_total", "jvm_memory_used_bytes",
        "process_cpu_usage");
  }

  /** A scrape of an all-in-one server after two users signed up, logged in, became friends and chatted. */
  private static String busyServerScrape() throws Exception {
    MailTrap mail = new MailTrap();
    ParleyServer server = ParleyServer.builder().gatePort(0).chatPort(0).mailSender(mail)
        .passwordHasher(Argon2PasswordHasher.forTesting()).build().start();
    try (ParleyClient client = ParleyClient.builder().gateUrl(URI.create(server.gateUrl())).build()) {
      List<String> received = new CopyOnWriteArrayList<>();
      ChatSession ann = signUp(client, mail, "ann", new ChatListener() { });
      ChatSession ben = signUp(client, mail, "ben", new ChatListener() {
        @Override
        public void onMessage(ChatMessage m) {
          received.add(m.text());
        }
      });
      ann.sendFriendRequest(ben.userId(), "hi", "Ben");
      ben.acceptFriendRequest(ann.userId(), "Ann");
      ann.sendMessage(ben.userId(), "hello");
      await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("hello"));
      ann.close();
      ben.close();
      return server.meterRegistry().scrape();
    } finally {
      server.stop();
    }
  }

  private static ChatSession signUp(ParleyClient client, MailTrap mail, String name, ChatListener listener) {
    String email = name + "@example.com";
    client.requestVerificationCode(email, CodePurpose.REGISTER);
    client.register(email, name, "metrics-test-42", mail.codeFor(email));
    return client.connect(email, "metrics-test-42", listener);
  }

  /** The families of a Prometheus text scrape, with the label names their samples carry. */
  static Map<String, Family> families(String scrape) {
    Map<String, Family> out = new TreeMap<>();
    Map<String, String> help = new TreeMap<>();
    Matcher h = HELP.matcher(scrape);
    while (h.find()) {
      help.put(h.group(1), h.group(2));
    }
    Matcher t = TYPE.matcher(scrape);
    while (t.find()) {
      out.put(t.group(1), new Family(t.group(1), t.group(2), help.getOrDefault(t.group(1), ""), new TreeSet<>()));
    }
    Matcher s = SAMPLE.matcher(scrape);
    while (s.find()) {
      Family f = familyOf(out, s.group(1));
      if (f != null && s.group(2) != null) {
        Matcher l = LABEL.matcher(s.group(2));
        while (l.find()) {
          if (!l.group(1).equals("quantile") && !l.group(1).equals("le")) {
            f.labels.add(l.group(1));
          }
        }
      }
    }
    return out;
  }

  private static Family familyOf(Map<String, Family> families, String sample) {
    for (String suffix : new String[] {"", "_count", "_sum", "_bucket", "_created"}) {
      if (sample.endsWith(suffix)) {
        Family f = families.get(sample.substring(0, sample.length() - suffix.length()));
        if (f != null) {
          return f;
        }
      }
    }
    return null;
  }

  /** README.md from its "## Metrics" heading to the next "## " heading. */
  private static String metricsSection(String readme) {
    int start = readme.indexOf("\n## Metrics\n");
    assertThat(start).as("README.md has a '## Metrics' section").isNotNegative();
    int end = readme.indexOf("\n## ", start + 1);
    return end < 0 ? readme.substring(start) : readme.substring(start, end);
  }

  private static void writeReference(Iterable<Family> families) throws IOException {
    StringBuilder b = new StringBuilder("| meter | type | labels | meaning |\n|---|---|---|---|\n");
    for (Family f : families) {
      List<String> labels = f.labels.stream().map(l -> "`" + l + "`").toList();
      b.append("| `").append(f.name).append("` | ").append(f.type).append(" | ")
          .append(String.join(", ", labels)).append(" | ").append(f.help).append(" |\n");
    }
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "metrics-reference.md"), b);
  }
}
