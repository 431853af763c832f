-- Compare-and-delete: removes the binding only while it is live and still names the given
-- session, so a late unbind of an old session never removes the newer session's binding. An
-- expired binding is dropped too, but reported as not removed: it was gone already.
-- KEYS[1] presence hash
-- ARGV[1] session id, ARGV[2] now (ms), ARGV[3] ttl (ms)
local b = redis.call('HMGET', KEYS[1], 'session', 'refreshedAt')
if not b[1] then
  return 0
end
if not b[2] or tonumber(ARGV[2]) >= tonumber(b[2]) + tonumber(ARGV[3]) then
  redis.call('DEL', KEYS[1])
  return 0
end
if b[1] == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
