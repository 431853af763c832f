-- Issue 15 item 6: recall, edit and delete-for-me.
--
-- One-to-one: the message row holds its final state (recalled: text emptied; edited_at: when the
-- text was last replaced). A recall or an edit is also an entry in both mailboxes, and a delete an
-- entry in the deleting owner's mailbox, in mailbox_revisions: such an entry takes the owner's next
-- seq in mailboxes.last_seq under that row's lock, like a notice (mailbox_notices), and like a
-- notice it lives outside mailbox_entries, so it never counts as unread, never joins a conversation
-- or the history, and the append hot path is unchanged. readMailbox reads the three tables' ranges
-- after the seq in one statement and merges them by seq.
--
-- Delete-for-me is per owner: message_deletions (owner_id, message_id). History probes it by
-- primary key for each candidate row; readMailbox joins it by primary key to mark the entry deleted;
-- the conversations row is moved to the newest message the owner has not deleted (or dropped when
-- none is left) in the delete's transaction.
ALTER TABLE messages
  ADD COLUMN recalled  TINYINT     NOT NULL DEFAULT 0,
  ADD COLUMN edited_at DATETIME(6) NULL;

CREATE TABLE message_deletions (
  owner_id   BIGINT NOT NULL,
  message_id BIGINT NOT NULL,
  PRIMARY KEY (owner_id, message_id)              -- history's NOT EXISTS probe, readMailbox's join
) ENGINE=InnoDB;

CREATE TABLE mailbox_revisions (
  owner_id   BIGINT      NOT NULL,
  seq        BIGINT      NOT NULL,
  message_id BIGINT      NOT NULL,
  kind       ENUM('RECALLED', 'EDITED', 'DELETED') NOT NULL,
  text       MEDIUMTEXT  NOT NULL,                -- EDITED: the new text; '' otherwise
  by_user_id BIGINT      NOT NULL,
  peer_id    BIGINT      NOT NULL,                -- the other participant, seen from the owner
  at         DATETIME(6) NOT NULL,
  PRIMARY KEY (owner_id, seq)                     -- readMailbox(): revisions after a seq
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Groups: a recall or an edit is a system entry of the log (MESSAGE_RECALLED / MESSAGE_EDITED with
-- target_seq), and the TEXT entry it names holds its final state. New ENUM values go at the end, so
-- the change is in place.
ALTER TABLE group_messages
  MODIFY COLUMN kind ENUM('TEXT', 'GROUP_CREATED', 'MEMBERS_JOINED', 'MEMBER_LEFT', 'MEMBER_KICKED', 'ROLE_CHANGED',
                          'MEMBER_MUTED', 'GROUP_INFO_UPDATED', 'OWNERSHIP_TRANSFERRED', 'GROUP_DISSOLVED',
                          'MESSAGE_RECALLED', 'MESSAGE_EDITED') NOT NULL,
  ADD COLUMN target_seq BIGINT      NULL,
  ADD COLUMN recalled   TINYINT     NOT NULL DEFAULT 0,
  ADD COLUMN edited_at  DATETIME(6) NULL;

