package dev.parley.storage.mysql.internal;

/**
 * A snapshot of {@link GroupCommitAppender}'s counters since start, for tests and diagnostics.
 * The fields are read one by one while writers run, so they need not add up exactly. Immutable.
 *
 * @param batches batches written (each one transaction, or one fallback round)
 * @param items appends carried by those batches, repeats within a batch included
 * @param largestBatch the most appends one batch carried
 * @param preReads batches whose optimistic insert met a stored (sender, client message id) pair
 *     and were rolled back and written again after looking up the stored messages
 * @param fallbacks batches that were rolled back and written again one append at a time, because
 *     even the pre-read attempt met a concurrently stored (sender, client message id) pair or because
 *     the batch statement failed
 * @param queued appends waiting for a writer at the moment of the snapshot
 */
public record AppendStats(long batches, long items, int largestBatch, long preReads, long fallbacks, int queued) {}
