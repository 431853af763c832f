-- Admits one token to a user's live tokens, in one step: drops the expired, revokes the earlier
-- tokens of the same named device, then the oldest past the bound, so concurrent logins of the
-- same user never leave more than the bound, nor two tokens of one device. The set is the
-- authority a token is checked against; its members are "<sha256 hex of the token>|<deviceId>"
-- ("<digest>|" for a token tied to no device; a bare "<digest>" from before devices counts as
-- such), scored by issue time in ms (made strictly increasing, so tokens issued in the same ms
-- still keep their order). Tokens issued at or before now - ttl are expired and dropped first, so
-- only live tokens count.
-- KEYS[1] the user's token set (sorted set)
-- ARGV[1] member, ARGV[2] now (ms), ARGV[3] token TTL (ms), ARGV[4] bound, ARGV[5] clean-up TTL (ms),
-- ARGV[6] device id ('' for none)
-- Returns the members revoked (their token keys are deleted by the caller).
local set = KEYS[1]
local now = tonumber(ARGV[2])
local device = ARGV[6]
redis.call('ZREMRANGEBYSCORE', set, '-inf', now - tonumber(ARGV[3]))
local revoked = {}
if device ~= '' then
  local suffix = '|' .. device
  for _, m in ipairs(redis.call('ZRANGE', set, 0, -1)) do
    if string.sub(m, 65) == suffix then
      revoked[#revoked + 1] = m
    end
  end
  for i = 1, #revoked, 1000 do
    redis.call('ZREM', set, unpack(revoked, i, math.min(#revoked, i + 999)))
  end
end
local score = now
local newest = redis.call('ZREVRANGE', set, 0, 0, 'WITHSCORES')
if newest[2] and tonumber(newest[2]) >= score then
  score = tonumber(newest[2]) + 1
end
redis.call('ZADD', set, score, ARGV[1])
local excess = redis.call('ZCARD', set) - tonumber(ARGV[4])
if excess > 0 then
  for _, m in ipairs(redis.call('ZRANGE', set, 0, excess - 1)) do
    revoked[#revoked + 1] = m
  end
  redis.call('ZREMRANGEBYRANK', set, 0, excess - 1)
end
redis.call('PEXPIRE', set, ARGV[5])
return revoked
