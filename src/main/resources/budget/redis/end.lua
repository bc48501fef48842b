-- End an open reservation once: settle (charge = min(actual, amount)), release (0) or expire
-- (the amount when marked sent, else 0). Reserved drops by the amount, spent grows by the charge.
-- KEYS[1] account hash, KEYS[2] reservation hash, KEYS[3] expiry zset
-- ARGV id, state (settled|released|expired), charge (-1: the amount), now (ms), history (ms to keep the ended hash)
-- -> {1, state, amount, charged, task, model, sent} won | {0, ...same} ended before | {-1} unknown
--    {-2} account not loaded | {-3} not due yet (expire only)
local r = redis.call('HMGET', KEYS[2], 'state', 'amount', 'charged', 'task', 'model', 'sent', 'expires')
if not r[1] then return {-1} end
if r[1] ~= 'open' then return {0, r[1], tonumber(r[2]), tonumber(r[3]), r[4], r[5], r[6]} end
if redis.call('EXISTS', KEYS[1]) == 0 then return {-2} end
local amount = tonumber(r[2])
local state = ARGV[2]
local charge
if state == 'released' then
  charge = 0
elseif state == 'expired' then
  if tonumber(r[7]) > tonumber(ARGV[4]) then return {-3} end
  if r[6] == '1' then charge = amount else charge = 0 end
else
  charge = tonumber(ARGV[3])
  if charge < 0 or charge > amount then charge = amount end
end
-- numbers go back to Redis as integers written out, never as 1e+15
redis.call('HINCRBY', KEYS[1], 'reserved', string.format('%d', -amount))
redis.call('HINCRBY', KEYS[1], 'spent', string.format('%d', charge))
redis.call('HSET', KEYS[2], 'state', state, 'charged', string.format('%d', charge))
redis.call('PEXPIRE', KEYS[2], ARGV[5])
redis.call('ZREM', KEYS[3], ARGV[1])
return {1, state, amount, charge, r[4], r[5], r[6]}
