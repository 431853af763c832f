-- Checks a verification code: counts the attempt, consumes the code on a match, all in one step
-- so two concurrent guesses can neither both succeed nor skip the attempt limit.
-- Returns VALID, WRONG, MISSING or TOO_MANY_ATTEMPTS.
-- KEYS[1] code hash
-- ARGV[1] candidate code, ARGV[2] now (ms), ARGV[3] max attempts

-- Constant-time: the loop runs over the candidate whatever the stored code is, and the result is
-- only looked at once the loop is over, so timing tells a guesser nothing about the stored code.
local function same(stored, candidate)
  local diff = bit.bxor(#stored, #candidate)
  local n = math.max(#stored, 1)
  for i = 1, #candidate do
    local s = stored:byte((i - 1) % n + 1) or 0
    diff = bit.bor(diff, bit.bxor(s, candidate:byte(i)))
  end
  return diff == 0
end

local now = tonumber(ARGV[2])
local c = redis.call('HMGET', KEYS[1], 'code', 'attempts', 'expiresAt')
if not c[1] or now >= tonumber(c[3]) then
  return 'MISSING'
end
if tonumber(c[2]) >= tonumber(ARGV[3]) then
  return 'TOO_MANY_ATTEMPTS'
end
if same(c[1], ARGV[1]) then
  -- the issue time stays, so using a code does not lift the issue-interval limit
  redis.call('HDEL', KEYS[1], 'code', 'attempts', 'expiresAt')
  return 'VALID'
end
redis.call('HINCRBY', KEYS[1], 'attempts', 1)
return 'WRONG'
