/**
 * Every change to the paper account is one of these scripts: Redis runs each atomically, so a
 * crash or a concurrent replica never sees half a trade.
 */

/**
 * Opens a position. KEYS: account, positions, open, orders, ledger, pending.
 * ARGV: idempotency key, filled result, position id, position JSON, cost, rejected result,
 * pending order id ('' for a new order), time.
 * A new order whose key was used returns the earlier result; a pending order that another
 * replica already filled or cancelled returns 'gone'.
 */
export const OPEN_POSITION = `
if ARGV[7] == '' then
  local prior = redis.call('HGET', KEYS[4], ARGV[1])
  if prior then return {'replayed', prior} end
else
  if redis.call('HDEL', KEYS[6], ARGV[7]) == 0 then return {'gone', ''} end
end
local cash = tonumber(redis.call('HGET', KEYS[1], 'cash') or '0')
if tonumber(ARGV[5]) > cash then
  redis.call('HSET', KEYS[4], ARGV[1], ARGV[6])
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
 * Records a pending limit order. KEYS: orders, pending. ARGV: key, pending result, order id,
 * order JSON.
 */
export const PLACE_PENDING = `
local prior = redis.call('HGET', KEYS[1], ARGV[1])
if prior then return {'replayed', prior} end
redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return {'pending', ARGV[2]}
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
