-- Set the limit written by SQL under its version; refuse one below spent + reserved when it must fit.
-- KEYS[1] account hash; ARGV limit, version, must_fit (1|0)
-- -> {1, spent, reserved} applied | {0, spent, reserved} refused | {2, spent, reserved} Redis has a newer version | {-1} not loaded
local a = redis.call('HMGET', KEYS[1], 'limit', 'spent', 'reserved', 'version')
if not a[1] then return {-1} end
local spent, reserved = tonumber(a[2]), tonumber(a[3])
if tonumber(a[4] or '0') > tonumber(ARGV[2]) then return {2, spent, reserved} end
if ARGV[3] == '1' and spent + reserved > tonumber(ARGV[1]) then return {0, spent, reserved} end
redis.call('HSET', KEYS[1], 'limit', ARGV[1], 'version', ARGV[2])
return {1, spent, reserved}
