package dev.parley.netty.internal;

import dev.parley.core.ErrorCode;
import java.util.Objects;

/**
 * What the decoders pass down the pipeline instead of a frame when the input is not a valid frame:
 * the decoders report bad input as a result, never by throwing. Immutable.
 */
public record BadFrame(ErrorCode code, String detail) {
  /** Both required. */
  public BadFrame {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(detail, "detail");
  }
}
