-- The stock text's pieces: how apply-levels.lua renders a product's stock and patches the stored text.
-- Loaded in front of apply-levels.lua as one script (io.stockflow.catalog.stock.StockStore), so these
-- are its local functions; the text's shape is described there and in catalog-service/README.md.

-- what a level can sell: safety stock is held back, never below 0
local function levelAvailable(onHand, reserved, safety)
  return math.max(0, tonumber(onHand) - tonumber(reserved) - tonumber(safety))
end

-- a time as JSON: its text quoted, or null
local function timeText(text)
  if text == '' then
    return 'null'
  end
  return '"' .. text .. '"'
end

-- a w: value's numbers: onHand, reserved, version, threshold, updatedAtMs, safety, incoming, nextMs, nextText
local function fieldsOf(value)
  return string.match(value, '^(-?%d+):(-?%d+):(%d+):(-?%d+):(%d+):(%d+):(%d+):(%d+):(.*)$')
end

-- one level of the text
local function levelText(onHand, reserved, safety, incoming, nextText)
  return '{"onHand":' .. onHand .. ',"reserved":' .. reserved .. ',"available":'
    .. string.format('%d', levelAvailable(onHand, reserved, safety)) .. ',"incoming":' .. incoming
    .. ',"nextIncomingAt":' .. timeText(nextText) .. '}'
end

-- the text but its levels: what comes before them, and after them
local function head(onHand, reserved, available, status)
  return '{"onHand":' .. onHand .. ',"reserved":' .. reserved .. ',"available":' .. available
    .. ',"status":"' .. status .. '","warehouses":{'
end

local function tail(incoming, restockText, updatedAtText)
  local after = '},"incoming":' .. incoming .. ',"restockDate":' .. timeText(restockText)
  if updatedAtText == '' then
    return after .. '}'
  end
  return after .. ',"updatedAt":"' .. updatedAtText .. '"}'
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
    local onHand, reserved, _, _, _, safety, incoming, _, nextText = fieldsOf(numbers[ids[i]])
    entries[i] = '"' .. ids[i] .. '":' .. levelText(onHand, reserved, safety, incoming, nextText)
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
  -- the levels' objects hold no object (nor braces in their strings), so the first '}}' ends the last
  -- of them and the warehouses
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
    levels = string.sub(levels, 1, from - 1) .. levelText(w.onHand, w.reserved, w.safety, w.incoming, w.nextText)
      .. string.sub(levels, to + 1)
  end
  return top .. levels .. bottom
end
