-- Compare-and-delete: removes the binding only while it still names the given session, so a late
-- unbind of an old session never removes the newer session's binding.
-- KEYS[1] presence hash
-- ARGV[1] session id
if redis.call('HGET', KEYS[1], 'session') == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
