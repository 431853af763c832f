-- Binds one session of a user and, in the same atomic step, applies the login policy exactly as
-- LoginPolicy.evictions states it (dev.parley.core.model.LoginPolicy, the reference rule):
--   * an expired field (expiresAt <= now) is dropped and counts for nothing;
--   * a live field with the incoming session id is replaced silently (a re-bind);
--   * a live session of the same device id is evicted: REPLACED_BY_SAME_DEVICE;
--   * under ONE_PER_PLATFORM, a live session of the same platform is evicted: PLATFORM_CONFLICT;
--   * of the rest, the oldest (lowest boundAt, then session id byte-wise) past maxSessions - 1 are
--     evicted: TOO_MANY_DEVICES.
-- maxSessions is clamped to the hard bound, so the hash never holds more fields than that.
-- KEYS[1] the user's presence hash: field = session id,
--         value = expiresAtMs|boundAtMs|PLATFORM|deviceId|nodeId (ids percent-encoded, so no '|')
-- ARGV[1] session id, ARGV[2] the new value, ARGV[3] encoded device id, ARGV[4] platform,
-- ARGV[5] mode (SINGLE, ONE_PER_PLATFORM or MULTI), ARGV[6] maxSessions, ARGV[7] now (ms),
-- ARGV[8] the hard bound (LoginPolicy.MAX_SESSIONS), ARGV[9] clean-up grace (ms)
-- Returns {wasOnline ('1' or '0'), session id, value, reason, session id, value, reason, ...}.
local key = KEYS[1]
local sid, value, device, platform, mode = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local max = math.min(tonumber(ARGV[6]), tonumber(ARGV[8]))
local now = tonumber(ARGV[7])

local function byteLess(a, b)
  local n = math.min(#a, #b)
  for i = 1, n do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then
      return x < y
    end
  end
  return #a < #b
end

local all = redis.call('HGETALL', key)
local drop = {}
local live = {}
for i = 1, #all, 2 do
  local f, v = all[i], all[i + 1]
  local e, b, p, d = string.match(v, '^(%d+)|(%d+)|(%u+)|([^|]*)|')
  if e == nil or tonumber(e) <= now then
    drop[#drop + 1] = f
  elseif f ~= sid then
    live[#live + 1] = {sid = f, value = v, expires = tonumber(e), bound = tonumber(b), device = d, platform = p}
  end
end

local out = {#live > 0 and '1' or '0'}
local rest = {}
for _, s in ipairs(live) do
  local reason = nil
  if s.device == device then
    reason = 'REPLACED_BY_SAME_DEVICE'
  elseif mode == 'ONE_PER_PLATFORM' and s.platform == platform then
    reason = 'PLATFORM_CONFLICT'
  end
  if reason then
    drop[#drop + 1] = s.sid
    out[#out + 1] = s.sid
    out[#out + 1] = s.value
    out[#out + 1] = reason
  else
    rest[#rest + 1] = s
  end
end
table.sort(rest, function(a, b)
  if a.bound ~= b.bound then
    return a.bound < b.bound
  end
  return byteLess(a.sid, b.sid)
end)
local excess = #rest - (max - 1)
local latest = tonumber(string.match(value, '^(%d+)'))
for i, s in ipairs(rest) do
  if i <= excess then
    drop[#drop + 1] = s.sid
    out[#out + 1] = s.sid
    out[#out + 1] = s.value
    out[#out + 1] = 'TOO_MANY_DEVICES'
  elseif s.expires > latest then
    latest = s.expires
  end
end

for i = 1, #drop, 1000 do
  redis.call('HDEL', key, unpack(drop, i, math.min(#drop, i + 999)))
end
redis.call('HSET', key, sid, value)
redis.call('PEXPIRE', key, latest - now + tonumber(ARGV[9]))
return out
