-- Sliding log: counts one event at ARGV[1] unless ARGV[3] events already lie in the window
-- (ARGV[1] - ARGV[2], ARGV[1]]. Each event is a member of a sorted set scored by its time; the
-- set's clean-up TTL is reset in the same step, so a crash can never leave a log that lives forever.
-- KEYS[1] event log (sorted set)
-- ARGV[1] now (epoch ms, from the caller's clock)
-- ARGV[2] window (ms)
-- ARGV[3] limit
-- ARGV[4] a member unique to this event
-- ARGV[5] clean-up TTL (ms)
-- Returns 0 when counted, else the ms until the oldest event leaves the window (at least 1).
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(1, tonumber(oldest[2]) + window - now)
end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 0
