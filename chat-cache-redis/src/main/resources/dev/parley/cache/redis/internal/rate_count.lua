-- Counts one event in a fixed window; the first event of the window sets the clean-up TTL, in the
-- same step, so a crash can never leave a counter that lives forever.
-- KEYS[1] window counter
-- ARGV[1] clean-up TTL (ms)
local n = redis.call('INCR', KEYS[1])
if n == 1 or redis.call('PTTL', KEYS[1]) < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return n
