package dev.parley.examples.cli;

import dev.parley.sdk.ChatSession;
import dev.parley.sdk.store.LocalStore;
import dev.parley.sdk.store.MvStoreLocalStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The mailbox seq up to which {@code inbox} has printed, in a small file beside the account's
 * store, so each run prints only what is new. The file also names the mailbox the seq belongs to
 * (the store's deployment id and epoch): after the store was reset for another server mailbox,
 * the old position means nothing and the inbox starts from 0 instead of hiding the new messages.
 * Not thread-safe: one command at a time.
 */
final class InboxPosition {
  private final Path file;
  private final String mailbox;

  private InboxPosition(Path file, String mailbox) {
    this.file = file;
    this.mailbox = mailbox;
  }

  static InboxPosition of(ChatSession session) {
    LocalStore store = session.localStore();
    if (!(store instanceof MvStoreLocalStore mv)) {
      throw new IllegalStateException("inbox needs the durable store");
    }
    String mailbox = store.mailboxIdentity().map(i -> i.deploymentId() + " " + i.epoch()).orElse("-");
    return new InboxPosition(mv.file().resolveSibling("user-" + session.userId() + ".inbox"), mailbox);
  }

  /** The seq printed up to; 0 when none, unreadable, or for another mailbox. */
  long read() {
    try {
      if (!Files.exists(file)) {
        return 0;
      }
      String[] saved = Files.readString(file, StandardCharsets.UTF_8).trim().split(" ", 2);
      return saved.length == 2 && saved[1].equals(mailbox) ? Long.parseLong(saved[0]) : 0;
    } catch (IOException | NumberFormatException e) {
      return 0; // unreadable: show everything again rather than nothing
    }
  }

  void write(long seq) {
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, seq + " " + mailbox, StandardCharsets.UTF_8);
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the inbox position to " + file, e);
    }
  }
}
