package dev.parley.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.protocol.ChatProtocol;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {
  @Test
  void theWireEnumMirrorsTheJavaEnumByName() {
    Set<String> java = Arrays.stream(ErrorCode.values()).map(Enum::name).collect(Collectors.toSet());
    Set<String> wire = Arrays.stream(ChatProtocol.ErrorCode.values())
        .filter(c -> c != ChatProtocol.ErrorCode.UNRECOGNIZED && c != ChatProtocol.ErrorCode.ERROR_CODE_UNSPECIFIED)
        .map(Enum::name)
        .collect(Collectors.toSet());
    assertThat(wire).isEqualTo(java);
  }

  @Test
  void everyCodeMapsToAnErrorStatus() {
    assertThat(ErrorCode.values()).allSatisfy(c -> assertThat(c.httpStatus()).isBetween(400, 599));
  }
}
