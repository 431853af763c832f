-- Admits one token to a user's live tokens and revokes the oldest past the bound, in one step, so
-- concurrent logins of the same user never leave more than the bound. The set is the authority a
-- token is checked against; its members are token digests, scored by issue time in ms (made
-- strictly increasing, so tokens issued in the same ms still keep their order). Tokens issued
-- before now - ttl are expired and dropped first, so only live tokens count.
-- KEYS[1] the user's token set (sorted set)
-- ARGV[1] token digest, ARGV[2] now (ms), ARGV[3] token TTL (ms), ARGV[4] bound, ARGV[5] clean-up TTL (ms)
-- Returns the digests revoked to make room (their token keys are deleted by the caller).
local set = KEYS[1]
local now = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', set, '-inf', now - tonumber(ARGV[3]))
local score = now
local newest = redis.call('ZREVRANGE', set, 0, 0, 'WITHSCORES')
if newest[2] and tonumber(newest[2]) >= score then
  score = tonumber(newest[2]) + 1
end
redis.call('ZADD', set, score, ARGV[1])
local revoked = {}
local excess = redis.call('ZCARD', set) - tonumber(ARGV[4])
if excess > 0 then
  revoked = redis.call('ZRANGE', set, 0, excess - 1)
  redis.call('ZREMRANGEBYRANK', set, 0, excess - 1)
end
redis.call('PEXPIRE', set, ARGV[5])
return revoked
