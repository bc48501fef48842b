-- Mark an open reservation as sent: at expiry it is then charged in full.
-- KEYS[1] reservation hash -> {1, task, model, amount} | {0} not open or already marked | {-1} unknown
local r = redis.call('HMGET', KEYS[1], 'state', 'sent', 'task', 'model', 'amount')
if not r[1] then return {-1} end
if r[1] ~= 'open' or r[2] == '1' then return {0} end
redis.call('HSET', KEYS[1], 'sent', '1')
return {1, r[3], r[4], tonumber(r[5])}
