import { api } from './support/trading-env';
import { useTradingApp } from './support/use-trading-app';

const RECORDS = 'ffe:idempotency:*';
const INDEX = 'ffe:idempotency:{manual-trade}:moneyless';
const DAY_MS = 86_400_000;

/**
 * An Idempotency-Key's record: kept with the order it guards (no TTL, never evicted), and
 * answering what the key first answered, whatever the bot's mode or state since.
 */
describe('manual-trade idempotency records', () => {
  // A cycle an hour: this suite's trades are its own.
  const ctx = useTradingApp({ DECISION_INTERVAL_SECONDS: '3600' }, { admin: true });
  const trade = (body: object, key: string) =>
    api(ctx.app).post('/api/v1/bot/manual-trade', body).set('Idempotency-Key', key);
  const openIds = async () =>
    (await api(ctx.app).get('/api/v1/bot/positions').expect(200)).body.positions.map(
      (p: { id: string }) => p.id,
    ) as string[];
  const start = (dryRun: boolean) =>
    api(ctx.app)
      .post('/api/v1/bot/start', { asset_pairs: ['BTCUSD'], autonomous: false, dry_run: dryRun })
      .expect(200);
  const stop = async () => {
    await api(ctx.app).post('/api/v1/bot/stop').expect(200);
  };

  /** Every idempotency key in Redis with its TTL (-1: none). */
  async function ttls(): Promise<Record<string, number>> {
    const found: Record<string, number> = {};
    let cursor = '0';
    do {
      const [next, keys] = await ctx.admin.scan(cursor, 'MATCH', RECORDS, 'COUNT', 1000);
      for (const key of keys) found[key] = await ctx.admin.pttl(key);
      cursor = next;
    } while (cursor !== '0');
    return found;
  }

  it('keeps every record without a TTL, so eviction or expiry can never forget a key', async () => {
    const body = { asset_pair: 'BTCUSD', action: 'BUY', size: 0.01 };
    const first = await trade(body, 'kept-1').expect(201);
    await start(true);
    await trade({ ...body, size: 0.02 }, 'kept-2').expect(201);
    await stop();
    const found = await ttls();
    expect(Object.keys(found).length).toBeGreaterThanOrEqual(2);
    expect(Object.values(found).every((ttl) => ttl === -1)).toBe(true);
    // Any time later, the key with another body is a 400 naming the header; with its own body
    // the first answer.
    const other = await trade({ ...body, size: 0.5 }, 'kept-1').expect(400);
    expect(other.body.code).toBe('IDEMPOTENCY.KEY_REUSED');
    expect(other.body.fields.map((f: { field: string }) => f.field)).toEqual(['Idempotency-Key']);
    expect((await trade(body, 'kept-1').expect(201)).body).toEqual({
      ...first.body,
      replayed: true,
    });
  });

  it('answers a key first used in dry-run with that dry run after a live start, trading nothing', async () => {
    const body = { asset_pair: 'ETHUSD', action: 'BUY', size: 0.1 };
    await start(true);
    const dry = await trade(body, 'dry-then-live').expect(201);
    expect(dry.body).toMatchObject({ status: 'dry_run', replayed: false, position: null });
    await stop();
    await start(false);
    const before = await openIds();
    const again = await trade(body, 'dry-then-live').expect(201);
    expect(again.body).toEqual({ ...dry.body, replayed: true });
    expect(await openIds()).toEqual(before);
    await stop();
  });

  it('answers a retry of a trade that filled before an emergency stop, instead of a 409', async () => {
    const body = { asset_pair: 'SOLUSD', action: 'BUY', size: 1 };
    const filled = await trade(body, 'before-the-stop').expect(201);
    expect(filled.body.status).toBe('filled');
    await api(ctx.app).post('/api/v1/bot/emergency-stop').expect(200);
    const retry = await trade(body, 'before-the-stop').expect(201);
    expect(retry.body).toEqual({ ...filled.body, replayed: true });
    // A new key is refused, as before.
    await trade(body, 'after-the-stop').expect(409);
    await start(false);
    // The refused key held nothing: it places its trade now.
    expect((await trade(body, 'after-the-stop').expect(201)).body.status).toBe('filled');
    await stop();
  });

  it('forgets a moneyless answer after its retention by an explicit sweep, never a filled one', async () => {
    const body = { asset_pair: 'BTCUSD', action: 'SELL', size: 0.01 };
    await start(true);
    await trade(body, 'swept-dry-run').expect(201);
    await stop();
    const record = 'ffe:idempotency:{manual-trade}:key:swept-dry-run';
    expect(await ctx.admin.zscore(INDEX, record)).not.toBeNull();
    expect(await ctx.admin.zscore(INDEX, 'ffe:idempotency:{manual-trade}:key:kept-1')).toBeNull();
    // Eight days on (the answer's index entry aged), the next answered trade sweeps it.
    await ctx.admin.zadd(INDEX, Date.now() - 8 * DAY_MS, record);
    await trade({ ...body, action: 'BUY' }, 'sweeps').expect(201);
    expect(await ctx.admin.exists(record)).toBe(0);
    expect(await ctx.admin.zscore(INDEX, record)).toBeNull();
    expect(await ctx.admin.exists('ffe:idempotency:{manual-trade}:key:kept-1')).toBe(1);
  });
});
