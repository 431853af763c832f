-- Picks the live node with the least load + assignments since its last heartbeat (ties: the
-- smallest id) and counts this assignment, in one step so concurrent logins spread out instead of
-- all picking the same node. Ids whose hash was cleaned up are dropped from the set on the way.
-- Returns the chosen row (as node_live.lua) or an empty list.
-- KEYS[1] node id set
-- ARGV[1] node key prefix, ARGV[2] now (ms), ARGV[3] stale after (ms)
local now, staleAfter = tonumber(ARGV[2]), tonumber(ARGV[3])
local best, bestScore
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local f = redis.call('HMGET', ARGV[1] .. id, 'host', 'port', 'ihost', 'iport', 'load', 'heartbeat', 'assigned', 'heartbeatAt', 'tls', 'wsport')
  if not f[1] then
    redis.call('SREM', KEYS[1], id)
  elseif now - tonumber(f[6]) <= staleAfter then
    local score = tonumber(f[5]) + tonumber(f[7])
    if not best or score < bestScore or (score == bestScore and id < best[1]) then
      best, bestScore = {id, f[1], f[2], f[3], f[4], f[5], f[8], f[7], f[9] or '0', f[10] or '0'}, score
    end
  end
end
if not best then
  return {}
end
best[8] = redis.call('HINCRBY', ARGV[1] .. best[1], 'assigned', 1)
return best
