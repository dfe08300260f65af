-- Applies the levels of ONE product to the catalog's stock read model, atomically and idempotently,
-- and renders the stock text product reads copy into their responses: this script is the only place
-- that text is made. Layout: catalog-service/README.md; key names: io.stockflow.catalog.stock.StockKeys;
-- arguments: io.stockflow.catalog.stock.StockStore; boundary test: ApplyScriptTest.
--
-- KEYS[1] total      hash: onHand, reserved, available, status, updatedAt (epoch ms, 0: none), updatedAtText,
--                     layout, and w:<warehouseId> = onHand:reserved:version:threshold:updatedAtMs per level
-- KEYS[2] available  string
-- KEYS[3] status     string
-- KEYS[4] low_stock  set of the warehouse ids whose available < threshold
-- KEYS[5] json       string: the stock text, e.g.
--                     {"onHand":9,"reserved":1,"available":8,"status":"in_stock","warehouses":{"WH-1":
--                     {"onHand":9,"reserved":1,"available":8}},"updatedAt":"2025-01-01T00:00:01.500Z"}
--                     (warehouses in id order; updatedAt left out while no level has a time)
-- KEYS[6..5+n]       warehouse:<w> hash per level: onHand, reserved, available, version, lowStockThreshold,
--                     updatedAt
-- KEYS[6+n]          (events only) the event's processed marker
-- ARGV[1] n, ARGV[2] marker ttl in seconds, then 7 per level: warehouseId, onHand, reserved, version,
--   lowStockThreshold, updatedAtMillis (0: none), updatedAtText (Instant.toString of those millis, '' if none);
-- then, for a repair by the drift sync only, 'repair' and n versions: each level is written (version 0:
--   removed, the warehouse has no such level) only while its stored version is still that one.
-- Returns the number of levels written, or -1 when the event was processed already.
--
-- Ids are written into the text as they are: the catalog admits only ids JSON never escapes (the shared
-- Ids rule, checked where events and products enter and by StockChange).

-- The shape of what this script stores. Stock stored under another layout is rebuilt from the levels
-- as they come (the warm-up's snapshots bring every level of every product): bump it whenever the text,
-- the total hash or the w: fields change.
local LAYOUT = '2'
local PER_LEVEL = 7

local n = tonumber(ARGV[1])
local repairAt = 3 + PER_LEVEL * n
local repair = ARGV[repairAt] == 'repair'
local total, lowStock, textKey = KEYS[1], KEYS[4], KEYS[5]
local marker = KEYS[6 + n]
if marker and redis.call('EXISTS', marker) == 1 then
  return -1
end

-- one level of the text
local function levelText(onHand, reserved)
  return '{"onHand":' .. onHand .. ',"reserved":' .. reserved .. ',"available":'
    .. string.format('%d', tonumber(onHand) - tonumber(reserved)) .. '}'
end

-- the text but its levels: what comes before them, and after them
local function head(onHand, reserved, available, status)
  return '{"onHand":' .. onHand .. ',"reserved":' .. reserved .. ',"available":' .. available
    .. ',"status":"' .. status .. '","warehouses":{'
end

local function tail(updatedAtText)
  if updatedAtText == '' then
    return '}}'
  end
  return '},"updatedAt":"' .. updatedAtText .. '"}'
end

-- the whole text, from the total hash's w: fields (an HGETALL reply)
local function render(fields, top, bottom)
  local ids, numbers = {}, {}
  for f = 1, #fields, 2 do
    if string.sub(fields[f], 1, 2) == 'w:' then
      local id = string.sub(fields[f], 3)
      ids[#ids + 1] = id
      numbers[id] = fields[f + 1]
    end
  end
  -- String.compareTo's order, the one clients see ('<' on strings would follow the server's locale):
  -- byte by byte, each id's bytes taken out once
  local bytes = {}
  for i = 1, #ids do
    bytes[ids[i]] = { string.byte(ids[i], 1, -1) }
  end
  table.sort(ids, function(x, y)
    local p, q = bytes[x], bytes[y]
    for i = 1, math.min(#p, #q) do
      if p[i] ~= q[i] then
        return p[i] < q[i]
      end
    end
    return #p < #q
  end)
  local entries = {}
  for i = 1, #ids do
    local onHand, reserved = string.match(numbers[ids[i]], '^(-?%d+):(-?%d+):')
    entries[i] = '"' .. ids[i] .. '":' .. levelText(onHand, reserved)
  end
  return top .. table.concat(entries, ',') .. bottom
end

-- The stored text with the written levels' numbers replaced and new totals and time, so that an event
-- costs neither a read of every level nor a sort; nil when a written level is not in it (then it is
-- rendered whole). A plain search is safe: ids hold no '"', so '"<id>":{' matches that level's name only.
local function patch(text, written, top, bottom)
  local _, open = string.find(text, '"warehouses":{', 1, true)
  if not open then
    return nil
  end
  -- the levels' objects hold no object, so the first '}}' ends the last of them and the warehouses
  local close = open + 1
  if string.byte(text, close) ~= 125 then -- '}': no levels
    close = string.find(text, '}}', open, true) + 1
  end
  local levels = string.sub(text, open + 1, close - 1)
  for i = 1, #written do
    local w = written[i]
    local _, from = string.find(levels, '"' .. w.id .. '":{', 1, true) -- at its object's '{'
    if not from then
      return nil
    end
    local to = string.find(levels, '}', from, true)
    levels = string.sub(levels, 1, from - 1) .. levelText(w.onHand, w.reserved) .. string.sub(levels, to + 1)
  end
  return top .. levels .. bottom
end

-- what is stored, in one read: the aggregates, then the w: value of each level given (STORED_LEVELS + i,
-- false where the total has none); every write leaves the aggregates in the hash, so onHand tells
-- whether it exists
local STORED_LEVELS = 5
local read = { 'HMGET', total, 'layout', 'onHand', 'reserved', 'updatedAt', 'updatedAtText' }
for i = 1, n do
  read[#read + 1] = 'w:' .. ARGV[3 + (i - 1) * PER_LEVEL]
end
local stored = redis.call(unpack(read))
if stored[2] and stored[1] ~= LAYOUT then
  -- another layout's aggregates and text: rebuilt from the levels of this and later calls
  redis.call('DEL', total, textKey, lowStock)
  stored = {}
end
local totalExists = stored[2] and true or false

local applied = 0
local removed = false -- a level removed by a repair: the text is rendered whole
local dOnHand, dReserved = 0, 0 -- what the written levels move the aggregates by
local newest, newestText = 0, '' -- the latest time among the written levels
local written = {} -- { id, onHand, reserved } per written level, for the text
-- total's w: fields and the low-stock set change in one command each after the loop; within one call
-- a later level of the same warehouse wins
local levelFields, fieldOrder, low, lowOrder = {}, {}, {}, {}

-- takes a level's stored numbers (its w: value, if any) out of the aggregates
local function forget(previous)
  if previous then
    local onHand, reserved = string.match(previous, '^(-?%d+):(-?%d+):')
    dOnHand = dOnHand - tonumber(onHand)
    dReserved = dReserved - tonumber(reserved)
  end
end

for i = 1, n do
  local a = 2 + (i - 1) * PER_LEVEL
  -- numbers stay the strings Java sent (Lua would print a large one with an exponent)
  local id, onHand, reserved, version = ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4]
  local threshold, updatedAt, updatedAtText = ARGV[a + 5], ARGV[a + 6], ARGV[a + 7]
  local levelKey, field = KEYS[5 + i], 'w:' .. id
  -- the level as the aggregates hold it (this call's, if it wrote it already): its w: value carries
  -- the version its hash has; a level the aggregates lack (new, or its total lost or rebuilt) asks its hash
  local previous = levelFields[field]
  if previous == nil then
    previous = stored[STORED_LEVELS + i] or false
  end
  local storedVersion
  if previous then
    storedVersion = tonumber(string.match(previous, '^%-?%d+:%-?%d+:(%d+):'))
  else
    storedVersion = tonumber(redis.call('HGET', levelKey, 'version') or '0')
  end
  local write
  if repair then
    write = storedVersion == tonumber(ARGV[repairAt + i])
  else
    -- a newer version; or the same one for a level the aggregates lack: the same version is the same level
    write = tonumber(version) > storedVersion or (not previous and tonumber(version) == storedVersion)
  end
  if write and repair and tonumber(version) == 0 then
    forget(previous)
    redis.call('DEL', levelKey)
    redis.call('HDEL', total, field)
    redis.call('SREM', lowStock, id)
    levelFields[field] = false
    removed = true
    applied = applied + 1
  elseif write then
    forget(previous)
    dOnHand = dOnHand + tonumber(onHand)
    dReserved = dReserved + tonumber(reserved)
    if tonumber(updatedAt) > newest then
      newest, newestText = tonumber(updatedAt), updatedAtText
    end
    local available = string.format('%d', tonumber(onHand) - tonumber(reserved))
    redis.call('HSET', levelKey, 'onHand', onHand, 'reserved', reserved, 'available', available,
      'version', version, 'lowStockThreshold', threshold, 'updatedAt', updatedAt)
    if not levelFields[field] then
      fieldOrder[#fieldOrder + 1] = field
    end
    levelFields[field] = onHand .. ':' .. reserved .. ':' .. version .. ':' .. threshold .. ':' .. updatedAt
    if low[id] == nil then
      lowOrder[#lowOrder + 1] = id
    end
    low[id] = tonumber(available) < tonumber(threshold)
    written[#written + 1] = { id = id, onHand = onHand, reserved = reserved }
    applied = applied + 1
  end
end

-- the total's written w: fields, set with its aggregates below in one HSET
local totalFields = { 'HSET', total }
if applied > 0 then
  local add, remove = {}, {}
  for i = 1, #fieldOrder do
    local value = levelFields[fieldOrder[i]]
    if value then -- not removed later in the call
      totalFields[#totalFields + 1] = fieldOrder[i]
      totalFields[#totalFields + 1] = value
    end
  end
  for i = 1, #lowOrder do
    local id = lowOrder[i]
    if low[id] then add[#add + 1] = id else remove[#remove + 1] = id end
  end
  if #add > 0 then redis.call('SADD', lowStock, unpack(add)) end
  if #remove > 0 then redis.call('SREM', lowStock, unpack(remove)) end
end

if applied > 0 or not totalExists then
  -- the aggregates always equal the sum of the w: fields: moved by the written levels' differences
  -- (every write runs this script, atomically); a new total starts from nothing
  local onHand = tonumber(stored[2] or '0') + dOnHand
  local reserved = tonumber(stored[3] or '0') + dReserved
  local updatedAt, updatedAtText = stored[4] or '0', stored[5] or ''
  if newest > tonumber(updatedAt) then
    updatedAt, updatedAtText = string.format('%d', newest), newestText
  end
  local available = onHand - reserved
  local status = 'in_stock'
  if available <= 0 then
    status = 'out_of_stock'
  elseif redis.call('SCARD', lowStock) > 0 then
    status = 'low_stock'
  end
  local onHandText, reservedText = string.format('%d', onHand), string.format('%d', reserved)
  local availableText = string.format('%d', available)
  local aggregates = { 'onHand', onHandText, 'reserved', reservedText, 'available', availableText,
    'status', status, 'updatedAt', updatedAt, 'updatedAtText', updatedAtText, 'layout', LAYOUT }
  for i = 1, #aggregates do
    totalFields[#totalFields + 1] = aggregates[i]
  end
  redis.call(unpack(totalFields))
  redis.call('MSET', KEYS[2], availableText, KEYS[3], status)

  local top, bottom = head(onHandText, reservedText, availableText, status), tail(updatedAtText)
  local text
  local storedText = totalExists and not removed and redis.call('GET', textKey)
  if storedText then
    text = patch(storedText, written, top, bottom)
  end
  redis.call('SET', textKey, text or render(redis.call('HGETALL', total), top, bottom))
elseif redis.call('EXISTS', textKey) == 0 then
  -- nothing written, but the text is missing (lost, or deleted by hand): rendered from the hash
  local fields = redis.call('HGETALL', total)
  local t = {}
  for f = 1, #fields, 2 do
    t[fields[f]] = fields[f + 1]
  end
  redis.call('SET', textKey, render(fields, head(t.onHand, t.reserved, t.available, t.status),
    tail(t.updatedAtText or '')))
end

if marker then
  redis.call('SET', marker, '1', 'EX', ARGV[2])
end
return applied
