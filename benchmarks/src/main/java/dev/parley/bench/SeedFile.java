package dev.parley.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;

/**
 * What a bench server seeded and where it listens, as the load modes read it: the chat address,
 * the gate URL, the bench control URL (heap after GC and RSS), the server's pid, the backend, the
 * seeded users' password and, per user, id, name, email and a pre-issued session token. Users
 * {@code 2i} and {@code 2i+1} are friends (pair {@code i}). Immutable.
 *
 * @param controlUrl the bench server's control endpoint, or null when the server is not a bench server
 * @param database the MySQL database of a mysql-redis bench server (extra chat nodes join it), else null
 * @param redisPrefix the Redis key prefix of a mysql-redis bench server, else null
 * @param tlsCaFile the CA certificate (PEM) the chat port's TLS certificate is signed by, or null when the
 *     chat port is plaintext
 * @param loginPolicy the server's login policy as {@code --login-policy} names it ("single",
 *     "one-per-platform", "multi:N"), or null from a server that did not say (the default, one per platform)
 * @param maxSessionsPerUser the sessions one user may hold at once under that policy (0: not said)
 * @param allowStrangers whether the server lets users message and add to groups users who are not their
 *     friends ({@code ChatLimits.allowStrangers}; false from a server that did not say)
 * @param groupMaxMembers the most members a new group may hold ({@code GroupLimits.maxMembers}; 0: not said)
 */
public record SeedFile(String chatHost, int chatPort, String gateUrl, String controlUrl, long serverPid,
    String backend, String password, List<SeedUser> users, String database, String redisPrefix, String tlsCaFile,
    String loginPolicy, int maxSessionsPerUser, boolean allowStrangers, int groupMaxMembers) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public SeedFile {
    Objects.requireNonNull(chatHost, "chatHost");
    users = List.copyOf(users);
  }

  /** One seeded user. {@code token} lets it log in to the chat node directly. */
  public record SeedUser(long id, String name, String email, String token) {}

  /** How many friend pairs the file holds. */
  public int pairCount() {
    return users.size() / 2;
  }

  /** The same seed with other users (e.g. fresh tokens). */
  public SeedFile withUsers(List<SeedUser> other) {
    return new SeedFile(chatHost, chatPort, gateUrl, controlUrl, serverPid, backend, password, other, database,
        redisPrefix, tlsCaFile, loginPolicy, maxSessionsPerUser, allowStrangers, groupMaxMembers);
  }

  /** The first {@code count} users, or all of them when {@code count} exceeds the file. */
  public List<SeedUser> firstUsers(int count) {
    return users.subList(0, Math.min(count, users.size()));
  }

  /** Reads a seed file. @throws UncheckedIOException when it cannot be read or parsed */
  public static SeedFile read(Path file) {
    try {
      return JSON.readValue(file.toFile(), SeedFile.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read seed file " + file + " (start `bin/parley-bench server` first)", e);
    }
  }

  /** Writes the file atomically (a temporary file renamed), so a reader never sees half of it. */
  public void write(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path tmp = Files.createTempFile(parent, ".seed", ".json");
      JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), this);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write seed file " + file, e);
    }
  }
}
