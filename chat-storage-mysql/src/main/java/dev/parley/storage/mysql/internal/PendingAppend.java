package dev.parley.storage.mysql.internal;

import dev.parley.core.model.AppendResult;
import dev.parley.core.model.Message;

/**
 * One caller's append waiting in {@link GroupCommitAppender}: the validated draft (its id a
 * placeholder), its future and its timeout ({@link PendingWrite}). Thread-safe.
 */
final class PendingAppend extends PendingWrite<Message, AppendResult> {
  PendingAppend(Message draft) {
    super(draft);
  }

  /** The idempotency key of the draft. */
  AppendKey key() {
    return AppendKey.of(draft());
  }
}
