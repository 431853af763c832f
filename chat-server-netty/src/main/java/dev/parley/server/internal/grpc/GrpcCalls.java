package dev.parley.server.internal.grpc;

import dev.parley.core.ChatException;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two ends of a unary call with Parley's error model: {@link #serve} answers a call from a
 * supplier, turning any exception into a gRPC error; {@link #call} makes a blocking client call,
 * turning any gRPC error back into a {@link ChatException}. Stateless and thread-safe.
 */
public final class GrpcCalls {
  private static final Logger log = LoggerFactory.getLogger(GrpcCalls.class);

  private GrpcCalls() {}

  /** Completes {@code observer} with {@code body}'s value, or with the gRPC form of its exception. */
  public static <T> void serve(StreamObserver<T> observer, Supplier<T> body) {
    T value;
    try {
      value = body.get();
    } catch (ChatException e) {
      observer.onError(GrpcErrors.toStatusException(e));
      return;
    } catch (RuntimeException e) {
      log.error("gRPC call failed unexpectedly", e);
      observer.onError(GrpcErrors.toStatusException(e));
      return;
    }
    observer.onNext(value);
    observer.onCompleted();
  }

  /** Runs a blocking stub call; {@code peer} names the remote side in error messages. */
  public static <T> T call(String peer, Supplier<T> stubCall) {
    try {
      return stubCall.get();
    } catch (StatusRuntimeException e) {
      throw GrpcErrors.toChatException(e, peer);
    }
  }
}
