-- Extends one live binding if it still names the given session; an expired or replaced binding is
-- left alone (a refresh never revives a user the registry already reported offline).
-- KEYS[1] presence hash
-- ARGV[1] session id, ARGV[2] now (ms), ARGV[3] ttl (ms), ARGV[4] clean-up TTL (ms)
local now = tonumber(ARGV[2])
local b = redis.call('HMGET', KEYS[1], 'session', 'refreshedAt')
if b[1] == ARGV[1] and now < tonumber(b[2]) + tonumber(ARGV[3]) then
  redis.call('HSET', KEYS[1], 'refreshedAt', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
  return 1
end
return 0
