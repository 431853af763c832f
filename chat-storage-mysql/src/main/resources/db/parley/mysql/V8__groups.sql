-- Issue 14: groups. A group's log is stored once (group_messages), numbered by a per-group
-- gap-free seq that is allocated under the group row's lock (chat_groups.last_seq) in the same
-- transaction as the insert; each member row is that member's cursor into the log. Membership
-- changes reach the affected user's own mailbox as notices (mailbox_notices), which share the
-- mailbox's seqs with the one-to-one entries. The version is the item's number, as V6/V7.
--
-- The group table is chat_groups, not groups: GROUPS is a reserved word in MySQL 8.0.2+ (window
-- frames), and every statement would have to quote it.

-- One row per group; the counter row of its log. Every write to the log (appends and the system
-- entries of membership changes) locks this row first (SELECT ... FOR UPDATE), so seqs are handed
-- out one transaction at a time and commit in order: a reader never sees seq n+1 without n.
CREATE TABLE chat_groups (
  id                 BIGINT        NOT NULL AUTO_INCREMENT,
  name               VARCHAR(64)   NOT NULL,
  avatar_url         VARCHAR(512)  NOT NULL DEFAULT '',
  notice             VARCHAR(2000) NOT NULL DEFAULT '',
  owner_id           BIGINT        NOT NULL,
  join_policy        ENUM('INVITE_ONLY', 'APPROVAL', 'OPEN') NOT NULL,
  members_can_invite TINYINT       NOT NULL,
  mute_all           TINYINT       NOT NULL,
  member_count       INT           NOT NULL,
  max_members        INT           NOT NULL,
  last_seq           BIGINT        NOT NULL,       -- the highest seq in the log
  last_at            DATETIME(6)   NOT NULL,       -- time of the entry at last_seq (activity order)
  created_at         DATETIME(6)   NOT NULL,
  dissolved          TINYINT       NOT NULL DEFAULT 0,
  PRIMARY KEY (id)                                 -- find, the log's counter lock, groupsOf's join
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A member's cursor: role, joined_seq (entries up to it are invisible to the member), read_seq
-- (never below joined_seq), mute, and its names in the group. Deleted when the member leaves.
CREATE TABLE group_members (
  group_id    BIGINT      NOT NULL,
  user_id     BIGINT      NOT NULL,
  role        ENUM('OWNER', 'ADMIN', 'MEMBER') NOT NULL,
  joined_seq  BIGINT      NOT NULL,
  read_seq    BIGINT      NOT NULL,
  muted_until DATETIME(6) NULL,
  nickname    VARCHAR(64) NOT NULL DEFAULT '',
  remark      VARCHAR(64) NOT NULL DEFAULT '',
  joined_at   DATETIME(6) NOT NULL,
  -- member(), members() paged by user id, memberIds(), the append's membership check, ack's lock
  PRIMARY KEY (group_id, user_id),
  -- groupsOf() (a user's member rows) and groupCount() (an index-only count)
  KEY ix_group_members_user (user_id, group_id),
  -- readCount(): an index-only range count of read_seq >= seq, joined_seq < seq filtered in the index
  KEY ix_group_members_read (group_id, read_seq, joined_seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The group's log, each entry once for all members. client_msg_id is NULL for system entries, so
-- the idempotency key ignores them (NULLs never collide in a unique key) and is read back as ''.
-- target_ids lists the entry's targets comma separated in order (GROUP_CREATED names every
-- initial member): they are only ever read with the entry, never searched.
CREATE TABLE group_messages (
  group_id      BIGINT      NOT NULL,
  seq           BIGINT      NOT NULL,
  id            BIGINT      NOT NULL AUTO_INCREMENT,
  sender_id     BIGINT      NOT NULL,              -- the author; for a system entry, who acted
  client_msg_id VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
  kind          ENUM('TEXT', 'GROUP_CREATED', 'MEMBERS_JOINED', 'MEMBER_LEFT', 'MEMBER_KICKED', 'ROLE_CHANGED',
                     'MEMBER_MUTED', 'GROUP_INFO_UPDATED', 'OWNERSHIP_TRANSFERRED', 'GROUP_DISSOLVED') NOT NULL,
  text          MEDIUMTEXT  NOT NULL,
  sent_at       DATETIME(6) NOT NULL,
  sent_at_nanos INT         NOT NULL DEFAULT 0,    -- sub-microsecond rest, so sentAt round-trips exactly
  target_ids    MEDIUMTEXT  NULL,                  -- system entries: the targets, '1,2,3'
  role          ENUM('OWNER', 'ADMIN', 'MEMBER') NULL, -- ROLE_CHANGED: the new role
  muted_until   DATETIME(6) NULL,                  -- MEMBER_MUTED: until when (NULL: unmuted)
  -- readAfter() (seq > n ascending), readBefore() (seq < n descending), the last entry of groupsOf()
  -- by point look-up, unread counts (a seq range after the cursor, sender_id filtered on the row),
  -- the batch's id read-back (a seq range)
  PRIMARY KEY (group_id, seq),
  -- idempotent append: a repeat (group, sender, client message id) is found by this key
  UNIQUE KEY uk_group_messages_sender_client (group_id, sender_id, client_msg_id),
  KEY ix_group_messages_id (id)                    -- InnoDB wants the AUTO_INCREMENT column indexed
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Pending requests to join, one per (group, requester); a renewal replaces greeting and time.
CREATE TABLE group_join_requests (
  group_id   BIGINT       NOT NULL,
  user_id    BIGINT       NOT NULL,
  greeting   VARCHAR(200) NOT NULL DEFAULT '',
  created_at DATETIME(6)  NOT NULL,
  PRIMARY KEY (group_id, user_id),                 -- joinRequest(), removal, joinRequestCount()
  KEY ix_group_join_requests_age (group_id, created_at, user_id) -- joinRequests(): oldest first
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Group notices in a user's own mailbox (MessageStore.appendNotice): a notice takes the owner's
-- next seq in mailboxes.last_seq (under that row's lock, as a message entry does) but lives here,
-- not in mailbox_entries: it has no message, so it never joins the messages join, the unread
-- counts on mailbox_entries (owner_id, sender_id, seq), conversations or history, and the
-- one-to-one tables and their hot path stay as they were. readMailbox reads both tables' ranges
-- after the seq in one statement (one snapshot) and merges them by seq.
CREATE TABLE mailbox_notices (
  owner_id    BIGINT      NOT NULL,
  seq         BIGINT      NOT NULL,
  group_id    BIGINT      NOT NULL,
  kind        ENUM('TEXT', 'GROUP_CREATED', 'MEMBERS_JOINED', 'MEMBER_LEFT', 'MEMBER_KICKED', 'ROLE_CHANGED',
                   'MEMBER_MUTED', 'GROUP_INFO_UPDATED', 'OWNERSHIP_TRANSFERRED', 'GROUP_DISSOLVED') NOT NULL,
  actor_id    BIGINT      NOT NULL,
  group_seq   BIGINT      NOT NULL,
  role        ENUM('OWNER', 'ADMIN', 'MEMBER') NULL,
  muted_until DATETIME(6) NULL,
  group_name  VARCHAR(64) NOT NULL,
  at          DATETIME(6) NOT NULL,
  at_nanos    INT         NOT NULL DEFAULT 0,
  PRIMARY KEY (owner_id, seq)                      -- readMailbox(): notices after a seq
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
