-- Extends one live session's expiry; an expired, unbound or replaced session is left alone (a
-- refresh never revives a session the registry already reported gone). Only that field changes.
-- KEYS[1] the user's presence hash (see presence_bind.lua)
-- ARGV[1] session id, ARGV[2] now (ms), ARGV[3] new expiresAt (ms), ARGV[4] clean-up TTL (ms)
-- Returns 1 when refreshed, else 0.
local v = redis.call('HGET', KEYS[1], ARGV[1])
if not v then
  return 0
end
local e, rest = string.match(v, '^(%d+)(|.*)$')
if e == nil or tonumber(e) <= tonumber(ARGV[2]) then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3] .. rest)
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[4]) then
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
end
return 1
