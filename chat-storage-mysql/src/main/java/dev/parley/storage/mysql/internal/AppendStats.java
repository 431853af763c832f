package dev.parley.storage.mysql.internal;

/**
 * A snapshot of {@link GroupCommitAppender}'s counters since start, for tests and diagnostics.
 * The fields are read one by one while writers run, so they need not add up exactly. Immutable.
 *
 * @param batches batches written (each one transaction, or one fallback round)
 * @param items appends carried by those batches, repeats within a batch included
 * @param largestBatch the most appends one batch carried
 * @param fallbacks batches that were rolled back and written again one append at a time, because
 *     a concurrent writer stored one of their (sender, client message id) pairs first or because
 *     the batch statement failed
 * @param queued appends waiting for a writer at the moment of the snapshot
 */
public record AppendStats(long batches, long items, int largestBatch, long fallbacks, int queued) {}
