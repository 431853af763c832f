package dev.parley.core.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.Mail;
import dev.parley.core.spi.MailSender;
import dev.parley.core.testing.Concurrently;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link MailSender} passes: a sent mail arrives with its recipient, subject and
 * body intact (UTF-8 included), and mails sent from many threads at once all arrive, each whole.
 * Extenders supply the sender and a way to read what arrived (a captured stream, an SMTP server).
 */
public abstract class MailSenderContract {
  private MailSender sender;

  /** A sender to test; called before each test. */
  protected abstract MailSender newSender();

  /** Every mail that has arrived so far, in any order, as the receiving side saw it. */
  protected abstract List<Mail> delivered();

  @BeforeEach
  void createSender() {
    sender = newSender();
  }

  @Test
  void aMailArrivesWithRecipientSubjectAndBody() {
    sender.send(new Mail("ann@parley.test", "Your Parley code", "Your code is 123456.\nIt expires soon."));
    assertThat(delivered()).singleElement().satisfies(m -> {
      assertThat(m.to()).isEqualTo("ann@parley.test");
      assertThat(m.subject()).isEqualTo("Your Parley code");
      assertThat(m.body()).contains("Your code is 123456.").contains("It expires soon.");
    });
  }

  @Test
  void utf8SurvivesInSubjectAndBody() {
    sender.send(new Mail("zoe@parley.test", "Grüße 👋🏽", "Código: 654321 — 世界"));
    assertThat(delivered()).singleElement().satisfies(m -> {
      assertThat(m.subject()).isEqualTo("Grüße 👋🏽");
      assertThat(m.body()).contains("Código: 654321 — 世界");
    });
  }

  @Test
  void concurrentSendsAllArriveWhole() {
    Concurrently.call(4, t -> {
      for (int i = 0; i < 5; i++) {
        String id = t + "x" + i;
        sender.send(new Mail("u" + id + "@parley.test", "subject " + id, "body " + id));
      }
      return null;
    });
    List<String> expected = IntStream.range(0, 4).boxed()
        .flatMap(t -> IntStream.range(0, 5).mapToObj(i -> t + "x" + i)).sorted().collect(Collectors.toList());
    List<Mail> mails = delivered();
    assertThat(mails).hasSize(20);
    for (Mail m : mails) {
      String id = m.to().substring(1, m.to().indexOf('@'));
      assertThat(m.subject()).isEqualTo("subject " + id);
      assertThat(m.body()).contains("body " + id);
    }
    assertThat(mails.stream().map(m -> m.to().substring(1, m.to().indexOf('@'))).sorted().toList()).isEqualTo(expected);
  }
}
