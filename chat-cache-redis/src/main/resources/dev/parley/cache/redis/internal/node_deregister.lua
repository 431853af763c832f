-- Removes a node; returns 1 when it was known.
-- KEYS[1] node id set, KEYS[2] node hash
-- ARGV[1] node id
local removed = redis.call('DEL', KEYS[2])
redis.call('SREM', KEYS[1], ARGV[1])
return removed
