package dev.parley.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import org.junit.jupiter.api.Test;

/** The text form of a user reference: a positive decimal id or ext:<external id>, nothing else. */
class UserRefTest {
  @Test
  void readsIdsAndExternalIds() {
    assertThat(UserRef.parse("user", "42")).isEqualTo(UserRef.of(42));
    assertThat(UserRef.parse("user", "ext:crm-7781")).isEqualTo(UserRef.external("crm-7781"));
    assertThat(UserRef.parse("user", "ext:a/b c").externalId()).isEqualTo("a/b c");
    assertThat(UserRef.external("x").toString()).isEqualTo("ext:x");
    assertThat(UserRef.of(7).toString()).isEqualTo("7");
  }

  @Test
  void refusesEverythingElseAsBadRequest() {
    for (String bad : new String[] {null, "", "0", "-1", "+5", "4x", "99999999999999999999", "ext:", "EXT:a",
        "ext:" + "x".repeat(UserRef.MAX_EXTERNAL_ID + 1)}) {
      assertThatThrownBy(() -> UserRef.parse("user", bad)).as(String.valueOf(bad))
          .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }
  }
}
