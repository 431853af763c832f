-- Issue 15: accounts of a host application's users (external identity) and disabled accounts.
-- external_id: the host's user id (at most 128 characters, compared exactly), NULL for Parley's own
-- accounts; unique, so two concurrent first logins of one host user cannot make two accounts (the
-- loser gets a duplicate key on uk_users_external_id). email becomes NULL for a host user who came
-- without one (NULLs never collide in uk_users_email); password_hash stays NOT NULL and is '' for
-- accounts that cannot log in by password. disabled: 1 while the deployment disabled the account.
ALTER TABLE users
  MODIFY COLUMN email VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
  ADD COLUMN external_id VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
  ADD COLUMN disabled TINYINT NOT NULL DEFAULT 0,
  ADD UNIQUE KEY uk_users_external_id (external_id);
