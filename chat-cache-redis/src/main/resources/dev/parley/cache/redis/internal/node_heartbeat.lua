-- Records a heartbeat: the new load replaces the assignments counted since the last one.
-- Returns 0 when the node is unknown (never registered, deregistered or cleaned up).
-- KEYS[1] node id set, KEYS[2] node hash
-- ARGV[1] node id, ARGV[2] load, ARGV[3] now (ms), ARGV[4] now (ISO-8601 instant), ARGV[5] clean-up TTL (ms)
if redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('SREM', KEYS[1], ARGV[1])
  return 0
end
redis.call('HSET', KEYS[2], 'load', ARGV[2], 'heartbeat', ARGV[3], 'heartbeatAt', ARGV[4], 'assigned', 0)
redis.call('PEXPIRE', KEYS[2], ARGV[5])
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
