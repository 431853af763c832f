-- Revokes every live token of one named device of a user, in one step on the user's token set
-- (see token_issue.lua for its members). Expired members are dropped first and not counted.
-- KEYS[1] the user's token set (sorted set)
-- ARGV[1] device id (never ''), ARGV[2] now (ms), ARGV[3] token TTL (ms)
-- Returns the members revoked (their token keys are deleted by the caller).
local set = KEYS[1]
redis.call('ZREMRANGEBYSCORE', set, '-inf', tonumber(ARGV[2]) - tonumber(ARGV[3]))
local suffix = '|' .. ARGV[1]
local revoked = {}
for _, m in ipairs(redis.call('ZRANGE', set, 0, -1)) do
  if string.sub(m, 65) == suffix then
    revoked[#revoked + 1] = m
  end
end
for i = 1, #revoked, 1000 do
  redis.call('ZREM', set, unpack(revoked, i, math.min(#revoked, i + 999)))
end
return revoked
