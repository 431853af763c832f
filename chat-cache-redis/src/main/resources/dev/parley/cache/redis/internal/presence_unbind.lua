-- Compare-and-delete of one session: removes the field only while it is live, so a late unbind
-- of an expired or replaced session reports NOT_BOUND. Expired fields are dropped on the way.
-- KEYS[1] the user's presence hash (see presence_bind.lua)
-- ARGV[1] session id, ARGV[2] now (ms), ARGV[3] clean-up grace (ms)
-- Returns 0 NOT_BOUND, 1 STILL_ONLINE, 2 WENT_OFFLINE.
local key = KEYS[1]
local now = tonumber(ARGV[2])
local all = redis.call('HGETALL', key)
local drop = {}
local found = false
local others = 0
local latest = 0
for i = 1, #all, 2 do
  local f = all[i]
  local e = tonumber(string.match(all[i + 1], '^(%d+)|'))
  if e == nil or e <= now then
    drop[#drop + 1] = f
  elseif f == ARGV[1] then
    found = true
    drop[#drop + 1] = f
  else
    others = others + 1
    if e > latest then
      latest = e
    end
  end
end
for i = 1, #drop, 1000 do
  redis.call('HDEL', key, unpack(drop, i, math.min(#drop, i + 999)))
end
if not found then
  return 0
end
if others == 0 then
  return 2 -- the hash is empty now, so Redis has deleted the key
end
redis.call('PEXPIRE', key, latest - now + tonumber(ARGV[3]))
return 1
