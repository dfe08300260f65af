-- Applies the levels of ONE product atomically and idempotently (see catalog-service/README.md).
-- KEYS[1] catalog:stock:{p}:total      hash: onHand, reserved, available, status, updatedAt,
--                                        and w:<warehouseId> = onHand:reserved:version:threshold:updatedAtMillis
-- KEYS[2] catalog:stock:{p}:available  string
-- KEYS[3] catalog:stock:{p}:status     string
-- KEYS[4] catalog:stock:{p}:low_stock  set of warehouse ids whose available < threshold
-- KEYS[5..4+n] catalog:stock:{p}:warehouse:{w}  hash per level
-- KEYS[5+n] (optional) catalog:event:processed:{p}:<eventId>
-- ARGV[1] n, ARGV[2] marker ttl seconds, then 6 per level:
--   warehouseId, onHand, reserved, version, lowStockThreshold, updatedAtMillis
-- Returns the number of levels that changed, or -1 when the event was already processed.
local n = tonumber(ARGV[1])
local marker = KEYS[n + 5]
if marker and redis.call('EXISTS', marker) == 1 then
  return -1
end

local totalExists = redis.call('EXISTS', KEYS[1]) == 1
local applied = 0
-- what the applied levels change in the aggregates, so they need not be summed again
local dOnHand, dReserved, newestUpdate = 0, 0, 0
for i = 1, n do
  local a = 2 + (i - 1) * 6
  local warehouseId, onHand, reserved = ARGV[a + 1], ARGV[a + 2], ARGV[a + 3]
  local version, threshold, updatedAt = ARGV[a + 4], ARGV[a + 5], ARGV[a + 6]
  local stored = tonumber(redis.call('HGET', KEYS[4 + i], 'version') or '0')
  if tonumber(version) > stored then
    local field = 'w:' .. warehouseId
    if totalExists then
      local previous = redis.call('HGET', KEYS[1], field)
      if previous then
        local o, r = string.match(previous, '^(-?%d+):(-?%d+):')
        dOnHand = dOnHand - tonumber(o)
        dReserved = dReserved - tonumber(r)
      end
    end
    dOnHand = dOnHand + tonumber(onHand)
    dReserved = dReserved + tonumber(reserved)
    if tonumber(updatedAt) > newestUpdate then newestUpdate = tonumber(updatedAt) end
    local available = string.format('%d', tonumber(onHand) - tonumber(reserved))
    redis.call('HSET', KEYS[4 + i], 'onHand', onHand, 'reserved', reserved, 'available', available,
      'version', version, 'lowStockThreshold', threshold, 'updatedAt', updatedAt)
    redis.call('HSET', KEYS[1], field,
      onHand .. ':' .. reserved .. ':' .. version .. ':' .. threshold .. ':' .. updatedAt)
    if tonumber(available) < tonumber(threshold) then
      redis.call('SADD', KEYS[4], warehouseId)
    else
      redis.call('SREM', KEYS[4], warehouseId)
    end
    applied = applied + 1
  end
end

-- the aggregates always equal the sum of the w: fields: moved by the applied levels' differences
-- (every write goes through this script, atomically), or summed whole when the hash is new
if applied > 0 or not totalExists then
  local onHand, reserved, updatedAt = 0, 0, 0
  if totalExists then
    local current = redis.call('HMGET', KEYS[1], 'onHand', 'reserved', 'updatedAt')
    onHand = tonumber(current[1] or '0') + dOnHand
    reserved = tonumber(current[2] or '0') + dReserved
    updatedAt = math.max(tonumber(current[3] or '0'), newestUpdate)
  else
    local fields = redis.call('HGETALL', KEYS[1])
    for f = 1, #fields, 2 do
      if string.sub(fields[f], 1, 2) == 'w:' then
        local o, r, _, _, u = string.match(fields[f + 1], '^(-?%d+):(-?%d+):(%d+):(-?%d+):(%d+)$')
        onHand = onHand + tonumber(o)
        reserved = reserved + tonumber(r)
        if tonumber(u) > updatedAt then updatedAt = tonumber(u) end
      end
    end
  end
  local available = onHand - reserved
  local status = 'in_stock'
  if available <= 0 then
    status = 'out_of_stock'
  elseif redis.call('SCARD', KEYS[4]) > 0 then
    status = 'low_stock'
  end
  redis.call('HSET', KEYS[1], 'onHand', string.format('%d', onHand), 'reserved', string.format('%d', reserved),
    'available', string.format('%d', available), 'status', status, 'updatedAt', string.format('%d', updatedAt))
  redis.call('SET', KEYS[2], string.format('%d', available))
  redis.call('SET', KEYS[3], status)
end

if marker then
  redis.call('SET', marker, '1', 'EX', ARGV[2])
end
return applied
