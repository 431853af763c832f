package dev.parley.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The name rules of {@link Validation}: syntax, and one script per name against look-alikes. */
class ValidationTest {
  @ParameterizedTest
  @ValueSource(strings = {"paypal", "Ivan_Petrov", "иван", "Иван.2", "Ελένη", "田中さん", "タナカ42", "李小龙",
      "김민준", "Mario-Rossi", "Tanaka田中", "ユーザー_1", "Zoë.Müller"})
  void singleScriptNamesAndTheEastAsianMixesAreAccepted(String name) {
    assertThat(Validation.name(name)).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"p\u0430ypal", "\u0440aypal", "admin\u0456", "Ivan\u0418", "\u03BFpenai", "abc\u05D0",
      "иван\u03B1", "김민준abc田中さん"})
  void namesMixingScriptsAreRefusedAsLookAlikes(String name) {
    ChatException e = catchThrowableOfType(ChatException.class, () -> Validation.name(name));

    assertThat(e).as(name).isNotNull();
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_NAME);
    assertThat(e.detail()).contains("mixes the scripts");
  }

  /**
   * Letters outside every script (mathematical alphanumerics are COMMON) or compatibility forms of
   * ordinary ones (fullwidth, ligatures) would pass the script rule while drawing like plain
   * Latin: "p𝖺ypal" with U+1D5BA MATHEMATICAL SANS-SERIF SMALL A. A name must be in NFKC form.
   */
  @ParameterizedTest
  @ValueSource(strings = {"p\uD835\uDDBAypal", "\uD835\uDDC9\uD835\uDDBA\uD835\uDDD2\uD835\uDDC9\uD835\uDDBA\uD835\uDDC5",
      "\uFF50\uFF41\uFF59\uFF50\uFF41\uFF4C", "\uFB01nance", "admin\uFF49"})
  void namesWrittenWithCompatibilityLettersAreRefusedAsLookAlikes(String name) {
    ChatException e = catchThrowableOfType(ChatException.class, () -> Validation.name(name));

    assertThat(e).as(name).isNotNull();
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_NAME);
    assertThat(e.detail()).contains("compatibility");
  }

  @Test
  void storedNamesAreCheckedForSyntaxOnlySoOldAccountsStillLoad() {
    String mixed = "p\u0430ypal";

    assertThat(Validation.nameSyntax(mixed)).isEqualTo(mixed);
    assertThat(new User(1, "a@example.com", mixed, "hash", "", "", "", java.time.Instant.EPOCH).name()).isEqualTo(mixed);
    assertThat(catchThrowableOfType(ChatException.class, () -> new NewUser("a@example.com", mixed, "hash")).code())
        .isEqualTo(ErrorCode.INVALID_NAME);
  }
}
