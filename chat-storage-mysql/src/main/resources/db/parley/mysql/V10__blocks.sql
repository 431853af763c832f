-- Issue 15: blocking. One row per (blocker, blocked): the primary key serves the check on every
-- 1:1 send, friend request and group invite (a point look-up) and keeps a block unique; the
-- second index lists a user's blocks most recent first without a sort.
CREATE TABLE blocks (
  blocker_id BIGINT      NOT NULL,
  blocked_id BIGINT      NOT NULL,
  blocked_at DATETIME(6) NOT NULL,
  PRIMARY KEY (blocker_id, blocked_id),
  KEY blocks_by_time (blocker_id, blocked_at, blocked_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
