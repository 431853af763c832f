-- Issue 13: per-user settings. send_read_receipts: the other party of a conversation is told when
-- the user has read it (only where the deployment enables read receipts); on unless the user turned
-- it off. A column on users, so reading the settings is a primary-key look-up of the row the login
-- reads anyway, and the default covers every existing account (MySQL 8 / MariaDB 10.3+ add it
-- without rebuilding the table).
ALTER TABLE users
  ADD COLUMN send_read_receipts TINYINT NOT NULL DEFAULT 1;
