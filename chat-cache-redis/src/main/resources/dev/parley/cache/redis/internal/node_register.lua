-- Registers (or re-registers) a node: live from now, with no assignments counted yet.
-- KEYS[1] node id set, KEYS[2] node hash (same hash tag, so the same cluster slot)
-- ARGV[1] node id, ARGV[2] host, ARGV[3] port, ARGV[4] internal host, ARGV[5] internal port,
-- ARGV[6] load, ARGV[7] now (ms), ARGV[8] now (ISO-8601 instant), ARGV[9] clean-up TTL (ms),
-- ARGV[10] tls (1 or 0), ARGV[11] WebSocket port (0: none)
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[2], 'host', ARGV[2], 'port', ARGV[3], 'ihost', ARGV[4], 'iport', ARGV[5],
  'load', ARGV[6], 'heartbeat', ARGV[7], 'heartbeatAt', ARGV[8], 'assigned', 0,
  'tls', ARGV[10], 'wsport', ARGV[11])
redis.call('PEXPIRE', KEYS[2], ARGV[9])
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[9])
return 1
