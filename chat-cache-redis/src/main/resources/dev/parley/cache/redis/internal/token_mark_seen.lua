-- Moves a token's last-seen time forward (never back); an unknown, revoked or old-format token is
-- left alone and never re-created. The key keeps its Redis TTL.
-- KEYS[1] the token key, value userId|expiresAtMs|issuedAtMs|lastSeenAtMs|PLATFORM|deviceId|name
-- ARGV[1] the time seen (ms)
-- Returns 1 when it moved, else 0.
local v = redis.call('GET', KEYS[1])
if not v then
  return 0
end
local head, seen, tail = string.match(v, '^(%d+|%d+|%d+|)(%d+)(|.*)$')
if head == nil or tonumber(ARGV[1]) <= tonumber(seen) then
  return 0
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl > 0 then
  redis.call('SET', KEYS[1], head .. ARGV[1] .. tail, 'PX', ttl)
else
  redis.call('SET', KEYS[1], head .. ARGV[1] .. tail)
end
return 1
