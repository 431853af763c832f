package dev.parley.storage.mysql.internal;

import dev.parley.core.model.FriendRequest;
import dev.parley.core.model.Friendship;
import java.time.LocalDateTime;
import org.jdbi.v3.core.mapper.RowMapper;

/** Row mappers for {@code friend_requests} and {@code friendships}. Stateless and thread-safe. */
final class FriendRows {
  static final String REQUEST_COLUMNS = "id, from_user_id, to_user_id, greeting, remark, status, created_at";
  static final String FRIENDSHIP_COLUMNS = "user_id, friend_id, remark, since";

  static final RowMapper<FriendRequest> REQUEST = (rs, ctx) -> new FriendRequest(rs.getLong("id"),
      rs.getLong("from_user_id"), rs.getLong("to_user_id"), rs.getString("greeting"), rs.getString("remark"),
      FriendRequest.Status.valueOf(rs.getString("status")),
      SqlTime.fromDb(rs.getObject("created_at", LocalDateTime.class)));

  static final RowMapper<Friendship> FRIENDSHIP = (rs, ctx) -> new Friendship(rs.getLong("user_id"),
      rs.getLong("friend_id"), rs.getString("remark"), SqlTime.fromDb(rs.getObject("since", LocalDateTime.class)));

  private FriendRows() {}
}
