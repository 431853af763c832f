package dev.parley.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.protocol.ChatProtocol;
import org.junit.jupiter.api.Test;

/** The model's Platform and KickReason mirror the protobuf enums name for name, by their wire numbers. */
class WireEnumsTest {
  @Test
  void platformsMatchTheProtocolByNumber() {
    for (Platform p : Platform.values()) {
      assertThat(ChatProtocol.Platform.forNumber(p.wireValue()).name()).isEqualTo(p.name());
      assertThat(Platform.fromWireValue(p.wireValue())).isEqualTo(p);
    }
    // every protocol value but UNSPECIFIED (and protobuf's UNRECOGNIZED) has a model twin
    assertThat(ChatProtocol.Platform.values()).hasSize(Platform.values().length + 2);
    assertThat(Platform.fromWireValue(0)).isEqualTo(Platform.OTHER);
    assertThat(Platform.fromWireValue(99)).isEqualTo(Platform.OTHER);
  }

  @Test
  void kickReasonsMatchTheProtocolByNumber() {
    for (KickReason r : KickReason.values()) {
      assertThat(ChatProtocol.KickReason.forNumber(r.wireValue()).name()).isEqualTo(r.name());
      assertThat(KickReason.fromWireValue(r.wireValue())).isEqualTo(r);
    }
    assertThat(ChatProtocol.KickReason.values()).hasSize(KickReason.values().length + 2);
    assertThat(KickReason.fromWireValue(0)).isEqualTo(KickReason.TOO_MANY_DEVICES);
  }
}
