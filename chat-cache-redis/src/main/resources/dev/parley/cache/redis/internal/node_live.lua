-- Lists the live nodes as flat rows of 10 values:
-- id, host, port, internal host, internal port, load, heartbeat (ISO-8601 instant), assigned since heartbeat,
-- tls (1 or 0), WebSocket port (0: none). Hashes written before tls/wsport existed read as 0.
-- Node hashes are named from the ids in the set; they share the set's hash tag, so in Redis Cluster
-- they live in the same slot as KEYS[1].
-- KEYS[1] node id set
-- ARGV[1] node key prefix, ARGV[2] now (ms), ARGV[3] stale after (ms)
local now, staleAfter = tonumber(ARGV[2]), tonumber(ARGV[3])
local rows = {}
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local f = redis.call('HMGET', ARGV[1] .. id, 'host', 'port', 'ihost', 'iport', 'load', 'heartbeat', 'assigned', 'heartbeatAt', 'tls', 'wsport')
  if f[1] and now - tonumber(f[6]) <= staleAfter then
    table.insert(rows, {id, f[1], f[2], f[3], f[4], f[5], f[8], f[7], f[9] or '0', f[10] or '0'})
  end
end
return rows
