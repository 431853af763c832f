package dev.parley.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.sdk.internal.LocalCopyCheck.Verdict;
import dev.parley.sdk.store.MailboxIdentity;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocalCopyCheckTest {
  private static final MailboxIdentity A = new MailboxIdentity("dep-a", 100);
  private static final MailboxIdentity UNKNOWN = new MailboxIdentity("", 0);

  @Test
  void theSameMailboxIsKept() {
    assertThat(new LocalCopyCheck(Optional.of(A)).onLogin(A, 10, 7).verdict()).isEqualTo(Verdict.KEEP);
  }

  @Test
  void anEmptyStoreRecordsTheFirstIdentityOnceThenKeepsIt() {
    LocalCopyCheck check = new LocalCopyCheck(Optional.empty());
    assertThat(check.onLogin(A, 3, 0).verdict()).isEqualTo(Verdict.RECORD);
    assertThat(check.onLogin(A, 3, 3).verdict()).isEqualTo(Verdict.KEEP);
  }

  @Test
  void anotherDeploymentOrEpochResets() {
    assertThat(new LocalCopyCheck(Optional.of(A)).onLogin(new MailboxIdentity("dep-b", 100), 10, 7).reason())
        .contains("deployment dep-b").contains("deployment dep-a");
    assertThat(new LocalCopyCheck(Optional.of(A)).onLogin(new MailboxIdentity("dep-a", 101), 10, 7).verdict())
        .isEqualTo(Verdict.RESET);
  }

  @Test
  void messagesWithoutAnIdentityAreNotTrusted() {
    assertThat(new LocalCopyCheck(Optional.empty()).onLogin(A, 10, 4).reason()).contains("cannot identify");
  }

  @Test
  void aServerMailboxBelowTheLocalPositionResetsEvenWithTheSameIdentity() {
    assertThat(new LocalCopyCheck(Optional.of(A)).onLogin(A, 2, 7).reason()).contains("ends at seq 2").contains("up to 7");
  }

  @Test
  void aServerThatNamesNoDeploymentIsJudgedBySeqAlone() {
    assertThat(new LocalCopyCheck(Optional.of(A)).onLogin(UNKNOWN, 10, 7).verdict()).isEqualTo(Verdict.KEEP);
    assertThat(new LocalCopyCheck(Optional.empty()).onLogin(UNKNOWN, 1, 7).verdict()).isEqualTo(Verdict.RESET);
  }

  @Test
  void afterAResetTheNewIdentityIsHeld() {
    LocalCopyCheck check = new LocalCopyCheck(Optional.of(A));
    MailboxIdentity b = new MailboxIdentity("dep-b", 5);
    assertThat(check.onLogin(b, 0, 7).verdict()).isEqualTo(Verdict.RESET);
    assertThat(check.onLogin(b, 2, 2).verdict()).isEqualTo(Verdict.KEEP);
  }
}
