-- Applies the levels of ONE product atomically and idempotently (see catalog-service/README.md).
-- KEYS[1] catalog:stock:{p}:total      hash: onHand, reserved, available, status, updatedAt,
--                                        and w:<warehouseId> = onHand:reserved:version:threshold:updatedAtMillis
-- KEYS[2] catalog:stock:{p}:available  string
-- KEYS[3] catalog:stock:{p}:status     string
-- KEYS[4] catalog:stock:{p}:low_stock  set of warehouse ids whose available < threshold
-- KEYS[5] catalog:stock:{p}:json       string: the stock as the catalog's reads write it (absent when a
--                                        warehouse id is not plain ASCII; readers then decode the total hash)
-- KEYS[6..5+n] catalog:stock:{p}:warehouse:{w}  hash per level
-- KEYS[6+n] (optional) catalog:event:processed:{p}:<eventId>
-- ARGV[1] n, ARGV[2] marker ttl seconds, then 6 per level:
--   warehouseId, onHand, reserved, version, lowStockThreshold, updatedAtMillis
-- then, only for a repair by the drift sync, 'repair' and n versions: each level is written (version 0:
--   removed, the warehouse has no such level) only if its stored version is still that one, however
--   it compares (the warehouse is the truth when Redis holds a version ahead of it)
-- Returns the number of levels that changed, or -1 when the event was already processed.
local n = tonumber(ARGV[1])
local repair = ARGV[3 + 6 * n] == 'repair'
local marker = KEYS[n + 6]
if marker and redis.call('EXISTS', marker) == 1 then
  return -1
end

-- The json key holds, byte for byte, what ProductJsonWriter.StockText writes of the stock Java decodes
-- from the total hash (StockEventHandlerTest compares them); these helpers render it.

-- a warehouse id JSON never escapes: printable ASCII without '"', '\' and '/' (StockText.plain)
local function plain(id)
  return not string.find(id, '[^ -~]') and not string.find(id, '["\\/]')
end

local floor = math.floor

-- Instant.ofEpochMilli(ms).toString() for ms >= 1 (no os.date in Redis): civil date from days
-- (H. Hinnant's algorithm), fraction only when the millis are not 0, '+' before years past 9999
local function instant(ms)
  local seconds = floor(ms / 1000)
  local millis = ms - seconds * 1000
  local days = floor(seconds / 86400)
  local ofDay = seconds - days * 86400
  local z = days + 719468 -- days since 0000-03-01
  local era = floor(z / 146097)
  local doe = z - era * 146097
  local yoe = floor((doe - floor(doe / 1460) + floor(doe / 36524) - floor(doe / 146096)) / 365)
  local doy = doe - (365 * yoe + floor(yoe / 4) - floor(yoe / 100))
  local mp = floor((5 * doy + 2) / 153)
  local month = mp < 10 and mp + 3 or mp - 9
  local year = yoe + era * 400 + (month <= 2 and 1 or 0)
  local text = string.format(year > 9999 and '+%d-%02d-%02dT%02d:%02d:%02d' or '%04d-%02d-%02dT%02d:%02d:%02d',
    year, month, doy - floor((153 * mp + 2) / 5) + 1, floor(ofDay / 3600), floor(ofDay % 3600 / 60), ofDay % 60)
  if millis > 0 then
    return text .. string.format('.%03dZ', millis)
  end
  return text .. 'Z'
end

local function head(onHand, reserved, available, status)
  return '{"onHand":' .. onHand .. ',"reserved":' .. reserved .. ',"available":' .. available
    .. ',"status":"' .. status .. '","warehouses":{'
end

local function tail(updatedAt)
  if updatedAt == 0 then
    return '}}' -- Java decodes 0 as no time and leaves the field out
  end
  return '},"updatedAt":"' .. instant(updatedAt) .. '"}'
end

-- the whole text from the hash's w: fields (HGETALL reply); nil when an id is not plain
local function render(fields, top, bottom)
  local ids, values = {}, {}
  for f = 1, #fields, 2 do
    local name = fields[f]
    if string.sub(name, 1, 2) == 'w:' then
      local id = string.sub(name, 3)
      ids[#ids + 1] = id
      values[id] = fields[f + 1]
    end
  end
  if not plain(table.concat(ids)) then
    return nil
  end
  -- String.compareTo order ('<' on strings follows the server's LC_COLLATE): the first 8 bytes as a
  -- number (each of 32..126 as 1..95, none as 0: base 96 stays exact below 2^53), the rest byte by byte
  local keys, byKey, long = {}, {}, false
  for i = 1, #ids do
    local a, b, c, d, e, f, g, h = string.byte(ids[i], 1, 8)
    local key = ((((a or 31) - 31) * 96 + (b or 31) - 31) * 96 + (c or 31) - 31) * 96 + (d or 31) - 31
    keys[i] = (((key * 96 + (e or 31) - 31) * 96 + (f or 31) - 31) * 96 + (g or 31) - 31) * 96 + (h or 31) - 31
    byKey[keys[i]] = ids[i]
    long = long or #ids[i] > 8
  end
  if long then
    local keyOf = {}
    for i = 1, #ids do
      keyOf[ids[i]] = keys[i]
    end
    table.sort(ids, function(x, y)
      if keyOf[x] ~= keyOf[y] then
        return keyOf[x] < keyOf[y]
      end
      for i = 9, math.min(#x, #y) do
        local p, q = string.byte(x, i), string.byte(y, i)
        if p ~= q then
          return p < q
        end
      end
      return #x < #y
    end)
  else
    table.sort(keys) -- numbers, compared natively
    for i = 1, #keys do
      ids[i] = byKey[keys[i]]
    end
  end
  local entries = {}
  for i = 1, #ids do
    local o, r = string.match(values[ids[i]], '^(-?%d+):(-?%d+):')
    entries[i] = '"' .. ids[i] .. '":{"onHand":' .. o .. ',"reserved":' .. r .. ',"available":'
      .. string.format('%d', o - r) .. '}'
  end
  return top .. table.concat(entries, ',') .. bottom
end

-- The stored text with new totals, time and written levels' numbers, so an event costs neither a read
-- of every level nor a sort; nil when a level is new to it: then it is rendered whole. Unambiguous as
-- the text's ids are plain: a '"' always delimits a name, only the warehouses object has names followed
-- by ':{', and its entries start after its '{' or a ','. An id with a '"' could match across names (it
-- is not plain: rendered whole, it removes the text); no other id that is not plain occurs in it.
local function patch(json, written, top, bottom)
  local _, open = string.find(json, ',"warehouses":{', 1, true)
  if not open then
    return nil
  end
  local close = #json - 1 -- '}}' ends a text without updatedAt
  if string.byte(json, -2) == 34 then -- '"': the tail is '},"updatedAt":"<at most 27>"}'
    close = string.find(json, '},"updatedAt":"', math.max(open, #json - 48), true)
    if not close then
      return nil
    end
  end
  -- where each level's numbers start (after its '"id":{'); a later level of the same id wins
  local starts, levels = {}, {}
  for i = 1, #written do
    local w = written[i]
    if string.find(w[1], '"', 1, true) then
      return nil
    end
    local name = '"' .. w[1] .. '":{'
    local at = open + #name
    if string.sub(json, open + 1, at) ~= name then
      local _, e = string.find(json, ',' .. name, open, true)
      if not e or e > close then
        return nil
      end
      at = e
    end
    if not levels[at] then
      starts[#starts + 1] = at
    end
    levels[at] = w
  end
  if #starts == 1 then -- the usual event: one string made, no table
    local at, w = starts[1], levels[starts[1]]
    return top .. string.sub(json, open + 1, at) .. '"onHand":' .. w[2] .. ',"reserved":' .. w[3]
      .. ',"available":' .. w[4] .. string.sub(json, string.find(json, '}', at, true), close - 1) .. bottom
  end
  table.sort(starts)
  local parts, from = { top }, open + 1
  for i = 1, #starts do
    local at, w = starts[i], levels[starts[i]]
    parts[#parts + 1] = string.sub(json, from, at)
    parts[#parts + 1] = '"onHand":' .. w[2] .. ',"reserved":' .. w[3] .. ',"available":' .. w[4]
    from = string.find(json, '}', at, true)
  end
  parts[#parts + 1] = string.sub(json, from, close - 1)
  parts[#parts + 1] = bottom
  return table.concat(parts)
end

-- the aggregates as they are; every write leaves them in the hash, so they also tell whether it exists
local current = redis.call('HMGET', KEYS[1], 'onHand', 'reserved', 'updatedAt')
local totalExists = current[1] ~= false
local applied = 0
-- a level removed by a repair: the stored text cannot be patched, it is rendered whole
local removed = false
-- what the applied levels change in the aggregates, so they need not be summed again
local dOnHand, dReserved, newestUpdate = 0, 0, 0
local written = {}
-- total's w: fields and the low-stock set change in one command each after the loop, not per level:
-- a warm-up snapshot writes 20 levels per product; within the event a later level of a warehouse wins
local levelFields, fieldOrder, low, lowOrder = {}, {}, {}, {}
-- takes a level's stored numbers out of the aggregates (their differences so far)
local function forget(field)
  local previous = levelFields[field] or redis.call('HGET', KEYS[1], field)
  if previous then
    local o, r = string.match(previous, '^(-?%d+):(-?%d+):')
    dOnHand = dOnHand - tonumber(o)
    dReserved = dReserved - tonumber(r)
  end
end
for i = 1, n do
  local a = 2 + (i - 1) * 6
  local warehouseId, onHand, reserved = ARGV[a + 1], ARGV[a + 2], ARGV[a + 3]
  local version, threshold, updatedAt = ARGV[a + 4], ARGV[a + 5], ARGV[a + 6]
  local stored = tonumber(redis.call('HGET', KEYS[5 + i], 'version') or '0')
  local write = tonumber(version) > stored
  if repair then
    write = stored == tonumber(ARGV[3 + 6 * n + i])
  end
  if write and repair and tonumber(version) == 0 then
    local field = 'w:' .. warehouseId
    forget(field)
    redis.call('DEL', KEYS[5 + i])
    redis.call('HDEL', KEYS[1], field)
    redis.call('SREM', KEYS[4], warehouseId)
    removed = true
    applied = applied + 1
  elseif write then
    local field = 'w:' .. warehouseId
    if totalExists then
      forget(field)
    end
    dOnHand = dOnHand + tonumber(onHand)
    dReserved = dReserved + tonumber(reserved)
    if tonumber(updatedAt) > newestUpdate then newestUpdate = tonumber(updatedAt) end
    local available = string.format('%d', tonumber(onHand) - tonumber(reserved))
    redis.call('HSET', KEYS[5 + i], 'onHand', onHand, 'reserved', reserved, 'available', available,
      'version', version, 'lowStockThreshold', threshold, 'updatedAt', updatedAt)
    if not levelFields[field] then
      fieldOrder[#fieldOrder + 1] = field
    end
    levelFields[field] = onHand .. ':' .. reserved .. ':' .. version .. ':' .. threshold .. ':' .. updatedAt
    if low[warehouseId] == nil then
      lowOrder[#lowOrder + 1] = warehouseId
    end
    low[warehouseId] = tonumber(available) < tonumber(threshold)
    written[#written + 1] = { warehouseId, onHand, reserved, available }
    applied = applied + 1
  end
end
if applied > 0 then
  local fields, add, remove = {}, {}, {}
  for i = 1, #fieldOrder do
    fields[2 * i - 1], fields[2 * i] = fieldOrder[i], levelFields[fieldOrder[i]]
  end
  if #fields > 0 then
    redis.call('HSET', KEYS[1], unpack(fields))
  end
  for i = 1, #lowOrder do
    local id = lowOrder[i]
    if low[id] then add[#add + 1] = id else remove[#remove + 1] = id end
  end
  if #add > 0 then redis.call('SADD', KEYS[4], unpack(add)) end
  if #remove > 0 then redis.call('SREM', KEYS[4], unpack(remove)) end
end

-- the aggregates always equal the sum of the w: fields: moved by the applied levels' differences
-- (every write goes through this script, atomically), or summed whole when the hash is new
if applied > 0 or not totalExists then
  local onHand, reserved, updatedAt = 0, 0, 0
  local fields
  if totalExists then
    onHand = tonumber(current[1]) + dOnHand
    reserved = tonumber(current[2] or '0') + dReserved
    updatedAt = math.max(tonumber(current[3] or '0'), newestUpdate)
  else
    fields = redis.call('HGETALL', KEYS[1])
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
  local onHandText, reservedText = string.format('%d', onHand), string.format('%d', reserved)
  local availableText = string.format('%d', available)
  redis.call('HSET', KEYS[1], 'onHand', onHandText, 'reserved', reservedText,
    'available', availableText, 'status', status, 'updatedAt', string.format('%d', updatedAt))
  redis.call('MSET', KEYS[2], availableText, KEYS[3], status)

  local top, bottom = head(onHandText, reservedText, availableText, status), tail(updatedAt)
  local json
  if totalExists then
    local stored = redis.call('GET', KEYS[5])
    if stored and not removed then
      json = patch(stored, written, top, bottom)
    end
    if not json then
      fields = redis.call('HGETALL', KEYS[1])
    end
  end
  json = json or render(fields, top, bottom)
  if json then
    redis.call('SET', KEYS[5], json)
  else
    redis.call('DEL', KEYS[5])
  end
elseif redis.call('EXISTS', KEYS[5]) == 0 then
  -- stock stored before the json key existed (or with an id that is not plain): rendered by any apply,
  -- the warm-up's snapshots included, from the hash as it is
  local fields = redis.call('HGETALL', KEYS[1])
  local total = {}
  for f = 1, #fields, 2 do
    total[fields[f]] = fields[f + 1]
  end
  if total.status and total.onHand and total.reserved and total.available then
    local json = render(fields, head(total.onHand, total.reserved, total.available, total.status),
      tail(tonumber(total.updatedAt or '0')))
    if json then
      redis.call('SET', KEYS[5], json)
    end
  end
end

if marker then
  redis.call('SET', marker, '1', 'EX', ARGV[2])
end
return applied
