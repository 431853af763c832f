package dev.parley.server.internal.node;

import dev.parley.core.protocol.ChatProtocol.Frame;
import java.util.concurrent.CompletableFuture;

/**
 * Answers one kind of request whose work finishes after the handler returns, e.g. a SendMessage
 * waiting for the store's group commit: {@link #start} begins it on the thread where the node's
 * {@link RequestThreading} puts requests (like a {@link RequestHandler}), and {@link #answer} turns
 * the result into the response on whichever thread completed the future. The session's next request
 * starts only after the answer, but no thread waits in between.
 *
 * @param <T> what the work produces
 */
interface AsyncRequestHandler<T> {
  /**
   * Starts the work as the session's authenticated user; throws {@link dev.parley.core.ChatException}
   * for a refusal known at once, or returns a future that completes with the result or fails with
   * the refusal. A future already completed is answered at once, on this thread.
   */
  CompletableFuture<T> start(ChatSession session, Frame request);

  /**
   * The response to {@code result} (its request id is set by the caller). Runs on the thread that
   * completed the future, maybe a store's writer thread: cheap, never blocking.
   */
  Frame.Builder answer(ChatSession session, T result);
}
