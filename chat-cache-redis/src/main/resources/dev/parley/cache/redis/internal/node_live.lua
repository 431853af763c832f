-- Lists the live nodes as flat rows of 8 values:
-- id, host, port, internal host, internal port, load, heartbeat (ISO-8601 instant), assigned since heartbeat.
-- Node hashes are named from the ids in the set; they share the set's hash tag, so in Redis Cluster
-- they live in the same slot as KEYS[1].
-- KEYS[1] node id set
-- ARGV[1] node key prefix, ARGV[2] now (ms), ARGV[3] stale after (ms)
local now, staleAfter = tonumber(ARGV[2]), tonumber(ARGV[3])
local rows = {}
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local f = redis.call('HMGET', ARGV[1] .. id, 'host', 'port', 'ihost', 'iport', 'load', 'heartbeat', 'assigned', 'heartbeatAt')
  if f[1] and now - tonumber(f[6]) <= staleAfter then
    table.insert(rows, {id, f[1], f[2], f[3], f[4], f[5], f[8], f[7]})
  end
end
return rows
