package dev.parley.sdk.store;

import dev.parley.sdk.internal.DeviceIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device id of an installation, kept in one small file ({@code device-id} in the store's
 * directory): made once, at random, and written atomically (a complete temporary file linked or
 * renamed into place, so a reader never sees half an id and two processes starting together end
 * up with the same id). A file that does not hold a valid id is replaced with a new one. Thread-safe
 * (each call reads the file again; {@link LocalStoreFactory#mvStore} remembers the answer).
 */
final class DeviceIdFile {
  private static final Logger log = LoggerFactory.getLogger(DeviceIdFile.class);
  static final String NAME = "device-id";

  private DeviceIdFile() {}

  /**
   * The id in {@code directory}/device-id, creating the directory and the file when missing.
   *
   * @throws UncheckedIOException when the file can be neither read nor written
   */
  static String readOrCreate(Path directory) {
    Path file = directory.resolve(NAME);
    try {
      Files.createDirectories(directory);
      for (int attempt = 0; attempt < 3; attempt++) {
        Optional<String> existing = read(file);
        if (existing.isPresent()) {
          return existing.get();
        }
        boolean corrupt = Files.exists(file);
        if (corrupt) {
          log.warn("device id file {} does not hold a valid device id; replacing it (this installation becomes a new"
              + " device)", file);
        }
        write(file, DeviceIds.random(), corrupt);
      }
      return read(file).orElseThrow(() -> new IOException("device id file " + file + " keeps being unreadable"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the device id file " + file, e);
    }
  }

  private static Optional<String> read(Path file) throws IOException {
    try {
      String id = Files.readString(file, StandardCharsets.UTF_8).strip();
      return DeviceIds.isValid(id) ? Optional.of(id) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (java.nio.charset.MalformedInputException e) {
      return Optional.empty();
    }
  }

  /** Puts a complete file holding {@code id} in place: beside an existing one only when {@code replace}. */
  private static void write(Path file, String id, boolean replace) throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), NAME + "-", ".tmp");
    try {
      Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
      if (replace) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return;
      }
      try {
        Files.createLink(file, tmp); // fails when another process made the file first: its id wins
      } catch (FileAlreadyExistsException e) {
        // the caller reads the winner's id
      } catch (UnsupportedOperationException | FileSystemException e) {
        if (e instanceof FileSystemException && Files.exists(file)) {
          return;
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE); // no hard links here
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
