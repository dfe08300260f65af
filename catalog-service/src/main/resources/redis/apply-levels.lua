-- Applies the levels of ONE product to the catalog's stock read model, atomically and idempotently,
-- and renders the stock text product reads copy into their responses: this script is the only place
-- that text is made. Layout: catalog-service/README.md; key names: io.stockflow.catalog.stock.StockKeys;
-- arguments: io.stockflow.catalog.stock.StockStore (which loads stock-text.lua in front of this script);
-- boundary test: ApplyScriptTest.
--
-- KEYS[1] total      hash: onHand, reserved, available, incoming, restockDate (text, '' if none), status,
--                     updatedAt (epoch ms, 0: none), updatedAtText, layout, and per level w:<warehouseId> =
--                     onHand:reserved:version:threshold:updatedAtMs:safetyStock:incoming:nextIncomingAtMs:nextIncomingAtText
-- KEYS[2] available  string
-- KEYS[3] status     string
-- KEYS[4] low_stock  set of the warehouse ids whose available < threshold
-- KEYS[5] json       string: the stock text, e.g.
--                     {"onHand":9,"reserved":1,"available":8,"status":"in_stock","warehouses":{"WH-1":
--                     {"onHand":9,"reserved":1,"available":8,"incoming":5,"nextIncomingAt":"2025-01-03T08:00:00Z"}},
--                     "incoming":5,"restockDate":null,"updatedAt":"2025-01-01T00:00:01.500Z"}
--                     (warehouses in id order; updatedAt left out while no level has a time). A level's
--                     available is max(0, onHand - reserved - safetyStock), the total's their sum;
--                     restockDate is the earliest nextIncomingAt while nothing is available, else null.
-- KEYS[6..5+n]       warehouse:<w> hash per level: onHand, reserved, available, version, lowStockThreshold,
--                     updatedAt, safetyStock, incoming, nextIncomingAt (epoch ms, 0: none)
-- KEYS[6+n]          (events only) the event's processed marker
-- ARGV[1] n, ARGV[2] marker ttl in seconds, then 11 per level: warehouseId, onHand, reserved, version,
--   lowStockThreshold, updatedAtMillis (0: none), updatedAtText (Instant.toString of those millis, '' if none),
--   safetyStock, incoming, nextIncomingAtMillis (0: none), nextIncomingAtText ('' if none);
-- then, for a repair by the drift sync only, 'repair' and n versions: each level is written (version 0:
--   removed, the warehouse has no such level) only while its stored version is still that one.
-- Returns the number of levels written, or -1 when the event was processed already.
--
-- Ids are written into the text as they are: the catalog admits only ids JSON never escapes (the shared
-- Ids rule, checked where events and products enter and by StockChange).

-- The shape of what this script stores. Stock stored under another layout is rebuilt from the levels
-- as they come (the warm-up's snapshots bring every level of every product): bump it whenever the text,
-- the total hash or the w: fields change.
local LAYOUT = '3'
local PER_LEVEL = 11

local n = tonumber(ARGV[1])
local repairAt = 3 + PER_LEVEL * n
local repair = ARGV[repairAt] == 'repair'
local total, lowStock, textKey = KEYS[1], KEYS[4], KEYS[5]
local marker = KEYS[6 + n]
if marker and redis.call('EXISTS', marker) == 1 then
  return -1
end

-- levelAvailable, timeText, fieldsOf, levelText, head, tail, render and patch: stock-text.lua, loaded
-- in front of this script

-- what is stored, in one read: the aggregates, then the w: value of each level given (STORED_LEVELS + i,
-- false where the total has none); every write leaves the aggregates in the hash, so onHand tells
-- whether it exists
local STORED_LEVELS = 7
local read = { 'HMGET', total, 'layout', 'onHand', 'reserved', 'updatedAt', 'updatedAtText', 'available', 'incoming' }
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
local dOnHand, dReserved, dAvailable, dIncoming = 0, 0, 0, 0 -- what the written levels move the aggregates by
local newest, newestText = 0, '' -- the latest time among the written levels
local written = {} -- { id, onHand, reserved, safety, incoming, nextText } per written level, for the text
-- total's w: fields and the low-stock set change in one command each after the loop; within one call
-- a later level of the same warehouse wins
local levelFields, fieldOrder, low, lowOrder = {}, {}, {}, {}

-- takes a level's stored numbers (its w: value, if any) out of the aggregates
local function forget(previous)
  if previous then
    local onHand, reserved, _, _, _, safety, incoming = fieldsOf(previous)
    dOnHand = dOnHand - tonumber(onHand)
    dReserved = dReserved - tonumber(reserved)
    dAvailable = dAvailable - levelAvailable(onHand, reserved, safety)
    dIncoming = dIncoming - tonumber(incoming)
  end
end

for i = 1, n do
  local a = 2 + (i - 1) * PER_LEVEL
  -- numbers stay the strings Java sent (Lua would print a large one with an exponent)
  local id, onHand, reserved, version = ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4]
  local threshold, updatedAt, updatedAtText = ARGV[a + 5], ARGV[a + 6], ARGV[a + 7]
  local safety, incoming, nextAt, nextText = ARGV[a + 8], ARGV[a + 9], ARGV[a + 10], ARGV[a + 11]
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
    dIncoming = dIncoming + tonumber(incoming)
    if tonumber(updatedAt) > newest then
      newest, newestText = tonumber(updatedAt), updatedAtText
    end
    local levelFree = levelAvailable(onHand, reserved, safety)
    dAvailable = dAvailable + levelFree
    local available = string.format('%d', levelFree)
    redis.call('HSET', levelKey, 'onHand', onHand, 'reserved', reserved, 'available', available,
      'version', version, 'lowStockThreshold', threshold, 'updatedAt', updatedAt, 'safetyStock', safety,
      'incoming', incoming, 'nextIncomingAt', nextAt)
    if not levelFields[field] then
      fieldOrder[#fieldOrder + 1] = field
    end
    levelFields[field] = onHand .. ':' .. reserved .. ':' .. version .. ':' .. threshold .. ':' .. updatedAt
      .. ':' .. safety .. ':' .. incoming .. ':' .. nextAt .. ':' .. nextText
    if low[id] == nil then
      lowOrder[#lowOrder + 1] = id
    end
    low[id] = tonumber(available) < tonumber(threshold)
    written[#written + 1] = { id = id, onHand = onHand, reserved = reserved, safety = safety, incoming = incoming,
      nextText = nextText }
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
  local available = tonumber(stored[6] or '0') + dAvailable
  local incoming = tonumber(stored[7] or '0') + dIncoming
  local status = 'in_stock'
  local restockText = ''
  if available <= 0 then
    status = 'out_of_stock'
    -- the earliest date any level expects stock: out-of-stock products only, so a scan of their levels
    -- (this call's w: values are not in the hash yet: they are written with the aggregates below)
    local fields, current, soonest = redis.call('HGETALL', total), {}, nil
    for f = 1, #fields, 2 do
      if string.sub(fields[f], 1, 2) == 'w:' then
        current[fields[f]] = fields[f + 1]
      end
    end
    for i = 1, #fieldOrder do
      current[fieldOrder[i]] = levelFields[fieldOrder[i]] or nil
    end
    for _, value in pairs(current) do
      local _, _, _, _, _, _, _, nextMs, nextText = fieldsOf(value)
      if tonumber(nextMs) > 0 and (soonest == nil or tonumber(nextMs) < soonest) then
        soonest, restockText = tonumber(nextMs), nextText
      end
    end
  elseif redis.call('SCARD', lowStock) > 0 then
    status = 'low_stock'
  end
  local onHandText, reservedText = string.format('%d', onHand), string.format('%d', reserved)
  local availableText, incomingText = string.format('%d', available), string.format('%d', incoming)
  local aggregates = { 'onHand', onHandText, 'reserved', reservedText, 'available', availableText,
    'incoming', incomingText, 'restockDate', restockText, 'status', status, 'updatedAt', updatedAt,
    'updatedAtText', updatedAtText, 'layout', LAYOUT }
  for i = 1, #aggregates do
    totalFields[#totalFields + 1] = aggregates[i]
  end
  redis.call(unpack(totalFields))
  redis.call('MSET', KEYS[2], availableText, KEYS[3], status)

  local top, bottom = head(onHandText, reservedText, availableText, status),
    tail(incomingText, restockText, updatedAtText)
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
    tail(t.incoming, t.restockDate or '', t.updatedAtText or '')))
end

if marker then
  redis.call('SET', marker, '1', 'EX', ARGV[2])
end
return applied
