package dev.parley.sdk;

/**
 * The user's own settings, kept by the server and shared by all the user's devices. Immutable.
 *
 * @param sendReadReceipts whether the other party of a 1:1 conversation hears when this user has
 *     read it ({@link ChatListener#onReadReceipt}); only has an effect when the deployment sends
 *     read receipts at all ({@link ChatSession#readReceiptsEnabled()})
 */
public record Settings(boolean sendReadReceipts) {}
