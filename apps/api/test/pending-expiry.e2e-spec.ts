import { api } from './support/trading-env';
import { useTradingApp } from './support/use-trading-app';

const ORDERS = 'ffe:{paper}:orders';
const EXPIRY = 'ffe:{paper}:pending:expiry';

describe('manual trades keep no record of a rejection, and limit orders carry an expiry', () => {
  const ctx = useTradingApp(
    { PENDING_ORDER_TTL_SECONDS: '3600', PENDING_ORDER_MAX_TTL_SECONDS: '7200' },
    { admin: true },
  );
  const trade = (body: object) => api(ctx.app).post('/api/v1/bot/manual-trade', body);
  const limit = { asset_pair: 'BTCUSD', action: 'BUY', size: 0.01, price: 1 };

  it('answers size 1e300 as rejected and stores nothing for it', async () => {
    const before = await ctx.admin.hlen(ORDERS);
    const rejected = await trade({ asset_pair: 'BTCUSD', action: 'BUY', size: 1e300 })
      .set('Idempotency-Key', 'huge-order-1')
      .expect(201);
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: 'insufficient cash' });
    expect(await ctx.admin.hlen(ORDERS)).toBe(before);
    expect(await ctx.admin.hexists(ORDERS, 'manual:huge-order-1')).toBe(0);
  });

  it('expires a limit order at PENDING_ORDER_TTL_SECONDS by default, or at its expires_at', async () => {
    const sent = Date.now();
    const byDefault = await trade(limit).expect(201);
    const score = Number(await ctx.admin.zscore(EXPIRY, byDefault.body.order_id));
    expect(score).toBeGreaterThanOrEqual(sent + 3_600_000);
    expect(score).toBeLessThanOrEqual(Date.now() + 3_600_000);

    const expiresAt = new Date(Date.now() + 1_800_000);
    const own = await trade({ ...limit, expires_at: expiresAt.toISOString() }).expect(201);
    expect(own.body.status).toBe('pending');
    expect(Number(await ctx.admin.zscore(EXPIRY, own.body.order_id))).toBe(expiresAt.getTime());
  });

  it.each([
    ['in the past', () => new Date(Date.now() - 1_000).toISOString()],
    ['beyond PENDING_ORDER_MAX_TTL_SECONDS', () => new Date(Date.now() + 7_300_000).toISOString()],
    ['without an offset', () => '2030-01-01T00:00:00'],
    ['not a timestamp', () => 'next week'],
    ['not a string', () => 12],
  ])('refuses an expires_at %s with a 400 naming it', async (_, value) => {
    const pending = await ctx.admin.zcard(EXPIRY);
    const refused = await trade({ ...limit, expires_at: value() }).expect(400);
    expect(JSON.stringify(refused.body)).toContain('expires_at');
    expect(await ctx.admin.zcard(EXPIRY)).toBe(pending);
  });
});
