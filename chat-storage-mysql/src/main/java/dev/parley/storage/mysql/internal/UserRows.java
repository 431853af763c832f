package dev.parley.storage.mysql.internal;

import dev.parley.core.model.User;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.Locale;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Maps {@code users} rows and derives the case-folded key columns. Stateless and thread-safe. */
final class UserRows implements RowMapper<User> {
  static final UserRows MAPPER = new UserRows();
  static final String COLUMNS = "id, email, name, password_hash, nickname, avatar_url, bio, created_at, external_id, disabled";

  private UserRows() {}

  /** The value stored in {@code name_key} / {@code nickname_key}: what "ignoring case" compares. */
  static String key(String value) {
    return value.toLowerCase(Locale.ROOT);
  }

  /** The stored form of an optional value: NULL for "" (NULLs never collide in a unique key). */
  static String nullIfEmpty(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  @Override
  public User map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new User(rs.getLong("id"), rs.getString("email"), rs.getString("name"),
        rs.getString("password_hash"), rs.getString("nickname"), rs.getString("avatar_url"),
        rs.getString("bio"), SqlTime.fromDb(rs.getObject("created_at", LocalDateTime.class)),
        rs.getString("external_id"), rs.getBoolean("disabled"));
  }
}
