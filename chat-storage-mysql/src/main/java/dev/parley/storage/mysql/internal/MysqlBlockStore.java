package dev.parley.storage.mysql.internal;

import dev.parley.core.spi.BlockStore;
import java.time.LocalDateTime;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@link BlockStore} on the {@code blocks} table (migration V10): the primary key
 * {@code (blocker_id, blocked_id)} makes a block unique and its check a point look-up; the index
 * {@code (blocker_id, blocked_at, blocked_id)} lists a user's blocks most recent first. Block
 * times are kept to the microsecond. Thread-safe; every method blocks on the database.
 */
public final class MysqlBlockStore implements BlockStore {
  private final Transactions tx;

  public MysqlBlockStore(Transactions tx) {
    this.tx = Objects.requireNonNull(tx, "tx");
  }

  @Override
  public boolean block(long blockerId, long blockedId, Instant at) {
    Objects.requireNonNull(at, "at");
    return tx.withHandle("block user", h -> h.createUpdate("INSERT IGNORE INTO blocks (blocker_id, blocked_id, blocked_at) "
            + "VALUES (:blocker, :blocked, :at)")
        .bind("blocker", blockerId).bind("blocked", blockedId).bind("at", SqlTime.toDb(at)).execute() > 0);
  }

  @Override
  public boolean unblock(long blockerId, long blockedId) {
    return tx.withHandle("unblock user", h -> h.createUpdate(
            "DELETE FROM blocks WHERE blocker_id = :blocker AND blocked_id = :blocked")
        .bind("blocker", blockerId).bind("blocked", blockedId).execute() > 0);
  }

  @Override
  public boolean isBlocked(long blockerId, long blockedId) {
    return tx.withHandle("check block", h -> h.createQuery(
            "SELECT 1 FROM blocks WHERE blocker_id = :blocker AND blocked_id = :blocked")
        .bind("blocker", blockerId).bind("blocked", blockedId).mapTo(Integer.class).findOne().isPresent());
  }

  @Override
  public List<Block> blocked(long blockerId, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    return tx.withHandle("list blocks", h -> h.createQuery("SELECT blocked_id, blocked_at FROM blocks "
            + "WHERE blocker_id = :blocker ORDER BY blocked_at DESC, blocked_id DESC LIMIT :limit")
        .bind("blocker", blockerId).bind("limit", limit)
        .map((rs, ctx) -> new Block(rs.getLong("blocked_id"),
            SqlTime.fromDb(rs.getObject("blocked_at", LocalDateTime.class))))
        .list());
  }

  @Override
  public int blockedCount(long blockerId) {
    return tx.withHandle("count blocks", h -> h.createQuery("SELECT COUNT(*) FROM blocks WHERE blocker_id = :blocker")
        .bind("blocker", blockerId).mapTo(Integer.class).one());
  }
}
