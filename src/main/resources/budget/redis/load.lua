-- Rebuild one tenant from the SQL ledger: the account and its open reservations.
-- KEYS[1] account hash, KEYS[2] expiry zset
-- ARGV mode (force|if_absent), limit, spent, version, reservation key prefix, then per open
--      reservation six values: id, amount, expires_at, task, model, sent (1|0)
-- The reservation hashes share the tenant's hash tag, so they live in the same slot as KEYS.
-- -> 1 loaded | 0 left as it was (if_absent and the account exists)
if ARGV[1] ~= 'force' and redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local old = redis.call('ZRANGE', KEYS[2], 0, -1)
for _, id in ipairs(old) do redis.call('DEL', ARGV[5] .. id) end
redis.call('DEL', KEYS[1], KEYS[2])
local reserved = 0
for i = 6, #ARGV, 6 do
  redis.call('DEL', ARGV[5] .. ARGV[i])
  redis.call('HSET', ARGV[5] .. ARGV[i], 'amount', ARGV[i + 1], 'expires', ARGV[i + 2], 'task', ARGV[i + 3],
    'model', ARGV[i + 4], 'state', 'open', 'sent', ARGV[i + 5], 'charged', '0')
  redis.call('ZADD', KEYS[2], ARGV[i + 2], ARGV[i])
  reserved = reserved + tonumber(ARGV[i + 1])
end
redis.call('HSET', KEYS[1], 'limit', ARGV[2], 'spent', ARGV[3], 'reserved', string.format('%d', reserved), 'version', ARGV[4])
return 1
