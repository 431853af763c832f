package dev.parley.sdk;

import java.time.Instant;

/**
 * What the server answered a recall, edit or delete: where it stored the revision. Immutable.
 *
 * @param seq the revision's entry in this user's mailbox (1:1) or in the group's log (group); 0
 *     for a duplicate
 * @param at when it was stored; null for a duplicate
 * @param duplicate the message was already in that state (recalled, deleted): nothing new was stored
 */
public record RevisionResult(long seq, Instant at, boolean duplicate) {}
