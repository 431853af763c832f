package dev.parley.examples.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class HostPortTest {
  private final HostPort.Converter converter = new HostPort.Converter();

  @Test
  void readsHostAndPort() {
    assertThat(converter.convert("status.internal:9100")).isEqualTo(new HostPort("status.internal", 9100));
    assertThat(converter.convert("[::1]:9101")).isEqualTo(new HostPort("::1", 9101));
    assertThat(new HostPort("10.0.0.2", 9100)).hasToString("10.0.0.2:9100");
  }

  @Test
  void refusesMissingOrBadPorts() {
    for (String bad : new String[] {"status", "status:", ":9100", "status:port", "status:0", "status:65536"}) {
      assertThatThrownBy(() -> converter.convert(bad)).as(bad).isInstanceOf(TypeConversionException.class);
    }
  }
}
