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

  @Test
  void groupEnumsMatchTheProtocolByNumber() {
    for (GroupRole r : GroupRole.values()) {
      assertThat(ChatProtocol.GroupRole.forNumber(r.wireValue()).name()).isEqualTo(r.name());
      assertThat(GroupRole.fromWireValue(r.wireValue())).isEqualTo(r);
    }
    assertThat(ChatProtocol.GroupRole.values()).hasSize(GroupRole.values().length + 2);
    for (JoinPolicy p : JoinPolicy.values()) {
      assertThat(ChatProtocol.JoinPolicy.forNumber(p.wireValue()).name()).isEqualTo(p.name());
      assertThat(JoinPolicy.fromWireValue(p.wireValue())).isEqualTo(p);
    }
    assertThat(ChatProtocol.JoinPolicy.values()).hasSize(JoinPolicy.values().length + 2);
    assertThat(JoinPolicy.fromWireValue(0)).isEqualTo(JoinPolicy.INVITE_ONLY);
    for (GroupMessageKind k : GroupMessageKind.values()) {
      assertThat(ChatProtocol.GroupMessageKind.forNumber(k.wireValue()).name()).isEqualTo(k.name());
      assertThat(GroupMessageKind.fromWireValue(k.wireValue())).isEqualTo(k);
    }
    assertThat(ChatProtocol.GroupMessageKind.values()).hasSize(GroupMessageKind.values().length + 2);
    assertThat(GroupMessageKind.fromWireValue(0)).isEqualTo(GroupMessageKind.TEXT);
  }

  @Test
  void issue15EnumsMatchTheProtocolByNumber() {
    for (TypingState t : TypingState.values()) {
      assertThat(ChatProtocol.TypingState.forNumber(t.wireValue()).name()).isEqualTo(t.name());
      assertThat(TypingState.fromWireValue(t.wireValue())).isEqualTo(t);
    }
    assertThat(ChatProtocol.TypingState.values()).hasSize(TypingState.values().length + 2);
    assertThat(TypingState.fromWireValue(0)).isEqualTo(TypingState.STOPPED);
    for (RevisionKind k : RevisionKind.values()) {
      assertThat(ChatProtocol.RevisionKind.forNumber(k.wireValue()).name()).isEqualTo(k.name());
      assertThat(RevisionKind.fromWireValue(k.wireValue())).isEqualTo(k);
    }
    assertThat(ChatProtocol.RevisionKind.values()).hasSize(RevisionKind.values().length + 2);
    assertThat(RevisionKind.fromWireValue(0)).isNull();
  }
}
