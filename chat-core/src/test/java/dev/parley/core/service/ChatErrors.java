package dev.parley.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Asserts that a call fails with a given {@link ErrorCode}. */
final class ChatErrors {
  private ChatErrors() {}

  /** Runs {@code call}, asserts it threw a {@link ChatException} with {@code code}, and returns it. */
  static ChatException expectError(ErrorCode code, ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).as("expected ChatException %s", code).isInstanceOf(ChatException.class);
    ChatException e = (ChatException) thrown;
    assertThat(e.code()).as("code of '%s'", e.getMessage()).isEqualTo(code);
    return e;
  }
}
