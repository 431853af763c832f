-- Binds a user to (node, session) and returns the binding it replaced, if that one was still live.
-- One script so the read of the old binding and the write of the new one cannot interleave with
-- another login of the same user.
-- KEYS[1] presence hash
-- ARGV[1] node id, ARGV[2] session id, ARGV[3] now (ms), ARGV[4] now (ISO-8601 instant, returned
-- as bound-at), ARGV[5] ttl (ms), ARGV[6] clean-up TTL (ms)
local now = tonumber(ARGV[3])
local old = redis.call('HMGET', KEYS[1], 'node', 'session', 'boundAt', 'refreshedAt')
redis.call('HSET', KEYS[1], 'node', ARGV[1], 'session', ARGV[2], 'boundAt', ARGV[4], 'refreshedAt', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[6])
if old[1] and old[4] and now < tonumber(old[4]) + tonumber(ARGV[5]) then
  return {old[1], old[2], old[3]}
end
return {}
