/**
 * Every change to the paper account is one of these scripts: Redis runs each atomically, so a
 * crash or a concurrent replica never sees half a trade.
 */

/**
 * Opens a position. KEYS: account, positions, open, orders, ledger, pending, pending expiry,
 * halt. 'halted' while the emergency stop's halt is set: nothing changes (a pending order
 * stays pending). ARGV: idempotency key, filled result, position id, position JSON, cost, rejected result,
 * pending order id ('' for a new order), time.
 * A new order whose key was used returns the earlier result; a pending order that another
 * replica already filled, cancelled or that expired returns 'gone'. A rejected order holds
 * no money and leaves no record (a pending one takes its record with it): a retry of its
 * key is judged afresh.
 */
export const OPEN_POSITION = `
if ARGV[7] == '' then
  local prior = redis.call('HGET', KEYS[4], ARGV[1])
  if prior then return {'replayed', prior} end
  if redis.call('EXISTS', KEYS[8]) == 1 then return {'halted', ''} end
else
  if redis.call('EXISTS', KEYS[8]) == 1 then return {'halted', ''} end
  local expires = redis.call('ZSCORE', KEYS[7], ARGV[7])
  redis.call('ZREM', KEYS[7], ARGV[7])
  if redis.call('HDEL', KEYS[6], ARGV[7]) == 0 then return {'gone', ''} end
  if expires and tonumber(expires) <= tonumber(ARGV[8]) then
    redis.call('HDEL', KEYS[4], ARGV[1])
    return {'gone', ''}
  end
end
local cash = tonumber(redis.call('HGET', KEYS[1], 'cash') or '0')
if tonumber(ARGV[5]) > cash then
  if ARGV[7] ~= '' then redis.call('HDEL', KEYS[4], ARGV[1]) end
  return {'rejected', ARGV[6]}
end
redis.call('HINCRBYFLOAT', KEYS[1], 'cash', -tonumber(ARGV[5]))
redis.call('HINCRBY', KEYS[1], 'trades', 1)
redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
redis.call('SADD', KEYS[3], ARGV[3])
redis.call('HSET', KEYS[4], ARGV[1], ARGV[2])
redis.call('XADD', KEYS[5], 'MAXLEN', '~', '100000', '*', 'event', 'open', 'position_id', ARGV[3], 'at', ARGV[8], 'position', ARGV[4])
return {'filled', ARGV[2]}
`;

/**
 * Records a pending limit order. KEYS: orders, pending, pending expiry, halt. ARGV: key,
 * pending result, order id, order JSON, expires at (epoch ms). 'halted' while halted.
 */
export const PLACE_PENDING = `
local prior = redis.call('HGET', KEYS[1], ARGV[1])
if prior then return {'replayed', prior} end
if redis.call('EXISTS', KEYS[4]) == 1 then return {'halted', ''} end
redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
redis.call('ZADD', KEYS[3], ARGV[5], ARGV[3])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return {'pending', ARGV[2]}
`;

/**
 * Drops pending orders that expired by ARGV[1], at most ARGV[2] of them (bounded work per
 * call), with their order records: they never filled, so they hold no money. KEYS: pending,
 * pending expiry, orders. Returns how many it dropped.
 */
export const DROP_EXPIRED = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
for _, id in ipairs(ids) do
  local raw = redis.call('HGET', KEYS[1], id)
  if raw then
    redis.call('HDEL', KEYS[3], cjson.decode(raw).idempotencyKey)
    redis.call('HDEL', KEYS[1], id)
  end
  redis.call('ZREM', KEYS[2], id)
end
return #ids
`;

/**
 * Cancels every pending order with its order record. KEYS: pending, pending expiry, orders.
 * Returns how many it cancelled.
 */
export const CANCEL_PENDING = `
local raws = redis.call('HVALS', KEYS[1])
for _, raw in ipairs(raws) do redis.call('HDEL', KEYS[3], cjson.decode(raw).idempotencyKey) end
redis.call('DEL', KEYS[1], KEYS[2])
return #raws
`;

/**
 * Closes a position. KEYS: account, positions, open, closed, ledger, orders.
 * ARGV: position id, closed position JSON, proceeds, realised P&L, closed-at, idempotency key
 * ('' for none), the close's order result JSON.
 * A key already in the orders hash (this close sent again, or an order placed under it)
 * returns that earlier result and changes nothing; a keyed close stores its result there, so
 * an order later sent under the same key is answered with the close (OPEN_POSITION's lookup).
 */
export const CLOSE_POSITION = `
if ARGV[6] ~= '' then
  local prior = redis.call('HGET', KEYS[6], ARGV[6])
  if prior then return {'replayed', prior} end
end
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then return {'not_found', ''} end
if redis.call('SREM', KEYS[3], ARGV[1]) == 0 then return {'closed', ''} end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('HINCRBYFLOAT', KEYS[1], 'cash', tonumber(ARGV[3]))
redis.call('HINCRBYFLOAT', KEYS[1], 'realized_pnl', tonumber(ARGV[4]))
redis.call('ZADD', KEYS[4], ARGV[5], ARGV[1])
if ARGV[6] ~= '' then redis.call('HSET', KEYS[6], ARGV[6], ARGV[7]) end
redis.call('XADD', KEYS[5], 'MAXLEN', '~', '100000', '*', 'event', 'close', 'position_id', ARGV[1], 'at', ARGV[5], 'position', ARGV[2])
return {'ok', ''}
`;

/**
 * A SELL that sells longs (a netting account). KEYS: account, positions, open, closed, orders,
 * ledger, pending, pending expiry. ARGV: idempotency key, filled result, pending order id ('' for a new
 * order), time, proceeds, realised P&L, n, then n × (long id, long JSON as read, long JSON
 * after, part id or '', part JSON or ''). 'changed' when a long is no longer as read (closed
 * or sold meanwhile): nothing is written and the caller plans again.
 */
export const SELL_LONGS = `
if ARGV[3] == '' then
  local prior = redis.call('HGET', KEYS[5], ARGV[1])
  if prior then return {'replayed', prior} end
else
  if redis.call('HEXISTS', KEYS[7], ARGV[3]) == 0 then return {'gone', ''} end
  local expires = redis.call('ZSCORE', KEYS[8], ARGV[3])
  if expires and tonumber(expires) <= tonumber(ARGV[4]) then return {'gone', ''} end
end
local n = tonumber(ARGV[7])
for i = 0, n - 1 do
  local b = 8 + i * 5
  if redis.call('SISMEMBER', KEYS[3], ARGV[b]) == 0 then return {'changed', ''} end
  if redis.call('HGET', KEYS[2], ARGV[b]) ~= ARGV[b + 1] then return {'changed', ''} end
end
if ARGV[3] ~= '' then
  redis.call('HDEL', KEYS[7], ARGV[3])
  redis.call('ZREM', KEYS[8], ARGV[3])
end
for i = 0, n - 1 do
  local b = 8 + i * 5
  redis.call('HSET', KEYS[2], ARGV[b], ARGV[b + 2])
  if ARGV[b + 3] == '' then
    redis.call('SREM', KEYS[3], ARGV[b])
    redis.call('ZADD', KEYS[4], ARGV[4], ARGV[b])
    redis.call('XADD', KEYS[6], 'MAXLEN', '~', '100000', '*', 'event', 'close', 'position_id', ARGV[b], 'at', ARGV[4], 'position', ARGV[b + 2])
  else
    redis.call('HSET', KEYS[2], ARGV[b + 3], ARGV[b + 4])
    redis.call('ZADD', KEYS[4], ARGV[4], ARGV[b + 3])
    redis.call('XADD', KEYS[6], 'MAXLEN', '~', '100000', '*', 'event', 'reduce', 'position_id', ARGV[b], 'at', ARGV[4], 'position', ARGV[b + 2], 'part', ARGV[b + 4])
  end
end
redis.call('HINCRBYFLOAT', KEYS[1], 'cash', tonumber(ARGV[5]))
redis.call('HINCRBYFLOAT', KEYS[1], 'realized_pnl', tonumber(ARGV[6]))
redis.call('HSET', KEYS[5], ARGV[1], ARGV[2])
return {'filled', ARGV[2]}
`;

/**
 * The emergency stop's halt on fills. KEYS: halt. ARGV: the bot version the stop's
 * compare-and-set is based on; the highest one is kept.
 */
export const HALT_ENTRIES = `
local held = tonumber(redis.call('GET', KEYS[1]) or '-1')
if tonumber(ARGV[1]) > held then redis.call('SET', KEYS[1], ARGV[1]) end
return 1
`;

/**
 * Lifts the halt only if it was set at a bot version below ARGV[1] (one at which the bot is
 * known not to be emergency-stopped). KEYS: halt. Returns 1 when lifted.
 */
export const RESUME_ENTRIES = `
local held = redis.call('GET', KEYS[1])
if held and tonumber(held) < tonumber(ARGV[1]) then redis.call('DEL', KEYS[1]); return 1 end
return 0
`;
