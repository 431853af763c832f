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
 * store, so each run prints only what is new. Not thread-safe: one command at a time.
 */
final class InboxPosition {
  private final Path file;

  private InboxPosition(Path file) {
    this.file = file;
  }

  static InboxPosition of(ChatSession session) {
    LocalStore store = session.localStore();
    if (!(store instanceof MvStoreLocalStore mv)) {
      throw new IllegalStateException("inbox needs the durable store");
    }
    return new InboxPosition(mv.file().resolveSibling("user-" + session.userId() + ".inbox"));
  }

  long read() {
    try {
      return Files.exists(file) ? Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim()) : 0;
    } catch (IOException | NumberFormatException e) {
      return 0; // unreadable: show everything again rather than nothing
    }
  }

  void write(long seq) {
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, Long.toString(seq), StandardCharsets.UTF_8);
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the inbox position to " + file, e);
    }
  }
}
