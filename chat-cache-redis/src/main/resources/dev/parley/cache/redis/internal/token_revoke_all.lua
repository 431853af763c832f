-- Revokes every token of a user: empties the user's token set (the authority verify checks) in one
-- step and returns the digests, whose token keys the caller then deletes as clean-up.
-- KEYS[1] the user's token set (sorted set)
local revoked = redis.call('ZRANGE', KEYS[1], 0, -1)
redis.call('DEL', KEYS[1])
return revoked
