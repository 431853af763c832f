-- The deployment identity: one row, made once when the schema is created. Clients keep their local
-- copy of a mailbox only while this id is unchanged, so a new or wiped database (whose mailboxes
-- start again at seq 1) is never mistaken for the one they synced from. Version 1.1 so that it
-- sorts after V1 and before any V2.
CREATE TABLE deployment (
  id            TINYINT     NOT NULL,                 -- always 1: the table holds one row
  deployment_id VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  created_at    DATETIME(6) NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB;

INSERT INTO deployment (id, deployment_id, created_at) VALUES (1, CONCAT('mysql-', UUID()), UTC_TIMESTAMP(6));
