package dev.parley.server.internal.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GrpcErrorsTest {
  @ParameterizedTest
  @EnumSource(ErrorCode.class)
  void everyCodeAndMessageSurvivesTheRoundTrip(ErrorCode code) {
    StatusRuntimeException wire = GrpcErrors.toStatusException(new ChatException(code, "user 42 did something"));

    assertThat(wire.getTrailers().get(GrpcErrors.ERROR_CODE_KEY)).isEqualTo(code.name());
    ChatException back = GrpcErrors.toChatException(wire, "test peer");
    assertThat(back.code()).isEqualTo(code);
    assertThat(back.detail()).isEqualTo("user 42 did something");
  }

  @Test
  void theGrpcStatusCodeDescribesTheError() {
    assertThat(status(ErrorCode.EMAIL_TAKEN)).isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(status(ErrorCode.INVALID_EMAIL)).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status(ErrorCode.UNAUTHORIZED)).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(status(ErrorCode.RATE_LIMITED)).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(status(ErrorCode.NO_CHAT_NODE)).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(status(ErrorCode.INTERNAL)).isEqualTo(Status.Code.INTERNAL);
  }

  @Test
  void retryAfterSurvivesToTheMillisecond() {
    StatusRuntimeException wire = GrpcErrors.toStatusException(ChatException.rateLimited("slow down", Duration.ofMillis(49_500)));
    assertThat(wire.getTrailers().get(GrpcErrors.RETRY_AFTER_KEY)).isEqualTo("49500");

    ChatException back = GrpcErrors.toChatException(wire, "peer");
    assertThat(back.code()).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(back.retryAfter()).isEqualTo(Duration.ofMillis(49_500));
  }

  @Test
  void anUnexpectedExceptionIsInternalWithoutLeakingItsMessage() {
    StatusRuntimeException wire = GrpcErrors.toStatusException(new IllegalStateException("secret detail"));
    assertThat(wire.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(wire.getTrailers().get(GrpcErrors.ERROR_CODE_KEY)).isEqualTo("INTERNAL");
    assertThat(wire.getStatus().getDescription()).doesNotContain("secret detail");
  }

  @Test
  void transportFailuresWithoutAParleyCodeAreUnavailable() {
    for (Status status : new Status[] {Status.UNAVAILABLE.withDescription("connection refused"),
        Status.DEADLINE_EXCEEDED, Status.CANCELLED, Status.UNIMPLEMENTED}) {
      ChatException e = GrpcErrors.toChatException(status.asRuntimeException(), "status service at 10.0.0.5:7100");
      assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
      assertThat(e.detail()).startsWith("status service at 10.0.0.5:7100 failed: " + status.getCode());
    }
  }

  @Test
  void anUnknownCodeFromANewerPeerIsInternal() {
    Metadata trailers = new Metadata();
    trailers.put(GrpcErrors.ERROR_CODE_KEY, "SOMETHING_NEW");
    ChatException e = GrpcErrors.toChatException(Status.INVALID_ARGUMENT.withDescription("new").asRuntimeException(trailers), "p");
    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
  }

  private static Status.Code status(ErrorCode code) {
    return GrpcErrors.toStatusException(new ChatException(code, "x")).getStatus().getCode();
  }
}
