-- Parley schema, version 1. MySQL 8 / MariaDB 10.6+, InnoDB, utf8mb4 throughout.
--
-- Conventions:
--  * Times are DATETIME(6) holding UTC (the code binds LocalDateTime in UTC, never a zone).
--  * Case-insensitive look-ups use a *_key column holding the Java lower-cased value
--    (Locale.ROOT) in utf8mb4_bin. This gives exactly "ignoring case" (utf8mb4_unicode_ci would
--    also fold accents and pad spaces) and lets prefix searches use plain index ranges.
--  * No foreign keys to users: accounts are never deleted, the services check existence, and
--    FK checks would add shared locks on user rows to every message append.

CREATE TABLE users (
  id            BIGINT       NOT NULL AUTO_INCREMENT,
  email         VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL, -- stored lower-case
  name          VARCHAR(32)  NOT NULL,                                            -- as the user typed it
  name_key      VARCHAR(64)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL, -- lower-cased name
  password_hash VARCHAR(512) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  nickname      VARCHAR(64)  NOT NULL DEFAULT '',
  nickname_key  VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL DEFAULT '',
  avatar_url    VARCHAR(512) NOT NULL DEFAULT '',
  bio           VARCHAR(500) NOT NULL DEFAULT '',
  created_at    DATETIME(6)  NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uk_users_email (email),
  UNIQUE KEY uk_users_name_key (name_key),           -- unique name ignoring case; name prefix search
  KEY ix_users_nickname_key (nickname_key)           -- nickname prefix search
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per request. is_pending is 1 while the request is pending and NULL once answered:
-- the unique key then allows at most one pending request per direction while keeping answered
-- ones (NULLs never collide in a unique key).
CREATE TABLE friend_requests (
  id           BIGINT       NOT NULL AUTO_INCREMENT,
  from_user_id BIGINT       NOT NULL,
  to_user_id   BIGINT       NOT NULL,
  greeting     VARCHAR(200) NOT NULL DEFAULT '',
  remark       VARCHAR(64)  NOT NULL DEFAULT '',
  status       ENUM('PENDING', 'ACCEPTED', 'DECLINED') NOT NULL,
  is_pending   TINYINT      NULL,
  created_at   DATETIME(6)  NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uk_friend_requests_pending (from_user_id, to_user_id, is_pending),
  KEY ix_friend_requests_to (to_user_id, is_pending, created_at, id) -- pending requests to a user, newest first
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per side: (user_id, friend_id) carries user_id's remark.
CREATE TABLE friendships (
  user_id   BIGINT      NOT NULL,
  friend_id BIGINT      NOT NULL,
  remark    VARCHAR(64) NOT NULL DEFAULT '',
  since     DATETIME(6) NOT NULL,
  PRIMARY KEY (user_id, friend_id)                   -- one side, and a user's friends by friend id
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Each message once. sender_seq / recipient_seq are its seqs in the two mailboxes, so an
-- idempotent repeat is answered from this row alone. user_lo / user_hi name the conversation
-- independently of direction, for the history index.
CREATE TABLE messages (
  id            BIGINT      NOT NULL AUTO_INCREMENT,
  sender_id     BIGINT      NOT NULL,
  recipient_id  BIGINT      NOT NULL,
  client_msg_id VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  text          MEDIUMTEXT  NOT NULL,
  sent_at       DATETIME(6) NOT NULL,
  sent_at_nanos INT         NOT NULL DEFAULT 0,      -- sub-microsecond rest, so sentAt round-trips exactly
  sender_seq    BIGINT      NOT NULL,
  recipient_seq BIGINT      NOT NULL,
  user_lo       BIGINT      AS (LEAST(sender_id, recipient_id)) STORED,
  user_hi       BIGINT      AS (GREATEST(sender_id, recipient_id)) STORED,
  PRIMARY KEY (id),
  UNIQUE KEY uk_messages_sender_client (sender_id, client_msg_id), -- idempotent append
  KEY ix_messages_pair (user_lo, user_hi, id)                     -- history between two users
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The per-mailbox counter row: seq allocation happens under this row's lock.
CREATE TABLE mailboxes (
  owner_id  BIGINT NOT NULL,
  last_seq  BIGINT NOT NULL,
  acked_seq BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (owner_id)
) ENGINE=InnoDB;

-- A mailbox's entries, seq 1, 2, 3, ... per owner. sender_id is copied from the message so
-- unread counts (a peer's entries above the acked seq) are index-only range counts.
CREATE TABLE mailbox_entries (
  owner_id   BIGINT NOT NULL,
  seq        BIGINT NOT NULL,
  message_id BIGINT NOT NULL,
  sender_id  BIGINT NOT NULL,
  PRIMARY KEY (owner_id, seq),                        -- sync: entries after a seq
  KEY ix_mailbox_entries_unread (owner_id, sender_id, seq)
) ENGINE=InnoDB;

-- Conversation summary per (owner, peer), kept in the append transaction: the last message
-- and its seq in the owner's mailbox (recency order).
CREATE TABLE conversations (
  owner_id        BIGINT NOT NULL,
  peer_id         BIGINT NOT NULL,
  last_message_id BIGINT NOT NULL,
  last_seq        BIGINT NOT NULL,
  PRIMARY KEY (owner_id, peer_id),
  KEY ix_conversations_recent (owner_id, last_seq)    -- a user's conversations, most recent first
) ENGINE=InnoDB;
