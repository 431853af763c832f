-- Issue 10 item 6: friend-request spam. When a request's target was last pushed about it (renewals
-- within the re-notify interval push nothing), and when the target declined it (the requester waits
-- a cooldown before asking again). The version is the item's number, so branches adding other
-- migrations in parallel do not collide.
ALTER TABLE friend_requests
  ADD COLUMN notified_at DATETIME(6) NULL,
  ADD COLUMN declined_at DATETIME(6) NULL;
