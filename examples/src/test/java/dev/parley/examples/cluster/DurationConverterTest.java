package dev.parley.examples.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
  private final DurationConverter converter = new DurationConverter();

  @Test
  void readsShortFormsAndIso() {
    assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(converter.convert("5s")).isEqualTo(Duration.ofSeconds(5));
    assertThat(converter.convert(" 2m ")).isEqualTo(Duration.ofMinutes(2));
    assertThat(converter.convert("24h")).isEqualTo(Duration.ofHours(24));
    assertThat(converter.convert("PT1.5S")).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void refusesWhatIsNotADuration() {
    for (String bad : new String[] {"5", "5 sec", "-5s", "s", ""}) {
      assertThatThrownBy(() -> converter.convert(bad)).as(bad).isInstanceOf(TypeConversionException.class)
          .hasMessageContaining("not a duration");
    }
  }
}
