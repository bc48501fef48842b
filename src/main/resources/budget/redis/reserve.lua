-- Reserve if it fits: the check and the change are one atomic step.
-- KEYS[1] account hash budget:{t}, KEYS[2] reservation hash budget:{t}:res:<id>, KEYS[3] expiry zset budget:{t}:exp
-- ARGV id, amount, expires_at (ms), task, model
-- -> {1, remaining after} | {0, shortfall, remaining} | {-1} account not loaded | {-2} id taken
local a = redis.call('HMGET', KEYS[1], 'limit', 'spent', 'reserved')
if not a[1] then return {-1} end
if redis.call('EXISTS', KEYS[2]) == 1 then return {-2} end
local amount = tonumber(ARGV[2])
local remaining = tonumber(a[1]) - tonumber(a[2]) - tonumber(a[3])
if amount > remaining then return {0, amount - remaining, remaining} end
redis.call('HINCRBY', KEYS[1], 'reserved', ARGV[2])
redis.call('HSET', KEYS[2], 'amount', ARGV[2], 'expires', ARGV[3], 'task', ARGV[4], 'model', ARGV[5], 'state', 'open', 'sent', '0',
  'charged', '0')
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
return {1, remaining - amount}
