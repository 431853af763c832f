-- Stores a verification code unless one was issued less than the issue interval ago.
-- Returns -1 when stored, otherwise the milliseconds until a new code may be issued.
-- KEYS[1] code hash
-- ARGV[1] code, ARGV[2] now (ms), ARGV[3] expires at (ms), ARGV[4] issue interval (ms),
-- ARGV[5] clean-up TTL (ms)
local now = tonumber(ARGV[2])
local issued = tonumber(redis.call('HGET', KEYS[1], 'issuedAt'))
if issued and now < issued + tonumber(ARGV[4]) then
  return issued + tonumber(ARGV[4]) - now
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'code', ARGV[1], 'attempts', 0, 'expiresAt', ARGV[3], 'issuedAt', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return -1
