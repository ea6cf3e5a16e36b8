import { waitFor } from '@ffe/testing';
import { api } from './support/trading-env';
import { useTradingApp } from './support/use-trading-app';

interface Position {
  id: string;
  asset_pair: string;
  side: 'long' | 'short';
  stop_loss: number | null;
}

/**
 * The stop-loss distance is one setting: start's `stop_loss` (a fraction) and PATCH's
 * `stop_loss_pct` (percent) both land in it, status shows both consistently, and the cycle
 * places the stops of new entries by it.
 */
describe('the stop-loss setting: start stop_loss and PATCH stop_loss_pct', () => {
  const ctx = useTradingApp(
    // The first signal may be a SELL: with shorts either side opens, and its stop is checked.
    { ENSEMBLE_QUORUM: '1', PAPER_ALLOW_SHORTS: 'true' },
    { admin: true },
  );
  const config = async () => (await api(ctx.app).get('/api/v1/bot/status').expect(200)).body.config;
  const stored = async () => JSON.parse((await ctx.admin.hget('ffe:bot', 'config')) ?? '{}');

  it('PATCH stop_loss_pct sets the stop-loss distance, persisted and audited in both units', async () => {
    expect(await config()).toMatchObject({ stop_loss: 0.02, stop_loss_pct: 2 });
    const patched = await api(ctx.app)
      .patch('/api/v1/bot/config', { stop_loss_pct: 3 })
      .expect(200);
    expect(patched.body.config).toMatchObject({ stop_loss: 0.03, stop_loss_pct: 3 });
    expect(await stored()).toMatchObject({ stop_loss: 0.03, stop_loss_pct: 3 });
    const [[, fields]] = await ctx.admin.xrevrange('ffe:bot:audit', '+', '-', 'COUNT', 1);
    expect(JSON.parse(fields[1])).toMatchObject({
      action: 'config',
      changes: { stop_loss_pct: 3, stop_loss: 0.03 },
    });
  });

  it('start stop_loss (a fraction) lands in the same setting; past 50 % is a 400', async () => {
    const started = await api(ctx.app)
      .post('/api/v1/bot/start', { stop_loss: 0.07, autonomous: false })
      .expect(200);
    expect(started.body.config).toMatchObject({ stop_loss: 0.07, stop_loss_pct: 7 });
    expect(await stored()).toMatchObject({ stop_loss: 0.07, stop_loss_pct: 7 });
    await api(ctx.app).post('/api/v1/bot/stop').expect(200);
    const refused = await api(ctx.app).post('/api/v1/bot/start', { stop_loss: 0.6 }).expect(400);
    expect(refused.body.fields.map((f: { field: string }) => f.field)).toContain('stop_loss');
    const tooWide = await api(ctx.app)
      .patch('/api/v1/bot/config', { stop_loss_pct: 60 })
      .expect(400);
    expect(tooWide.body.fields.map((f: { field: string }) => f.field)).toContain('stop_loss_pct');
  });

  it('reads a config stored before, when the two disagreed, as the stop that was in force', async () => {
    const before = await stored();
    await ctx.admin.hset(
      'ffe:bot',
      'config',
      JSON.stringify({ ...before, stop_loss: 0.04, stop_loss_pct: 1 }),
    );
    expect(await config()).toMatchObject({ stop_loss: 0.04, stop_loss_pct: 4 });
  });

  it('new entries get their stop at stop_loss_pct from the price; open ones keep theirs', async () => {
    await api(ctx.app)
      .patch('/api/v1/bot/config', {
        stop_loss_pct: 3,
        confidence_threshold: 0,
        position_size_pct: 10,
      })
      .expect(200);
    await api(ctx.app)
      .post('/api/v1/bot/start', { asset_pairs: ['BTCUSD'], autonomous: true, dry_run: false })
      .expect(200);
    let position: Position | undefined;
    await waitFor(
      async () => {
        const { body } = await api(ctx.app).get('/api/v1/bot/positions').expect(200);
        position = body.positions[0];
        return position !== undefined;
      },
      { what: 'the cycle to open a position', timeoutMs: 20_000 },
    );
    await api(ctx.app).post('/api/v1/bot/stop').expect(200);
    const opened = position as Position;
    const { body } = await api(ctx.app).get('/api/v1/decisions?limit=100').expect(200);
    const entry = body.decisions.find(
      (d: { outcome: string; asset_pair: string }) =>
        d.outcome === 'executed' && d.asset_pair === opened.asset_pair,
    ) as { price: number };
    const sign = opened.side === 'long' ? 1 : -1;
    expect(opened.stop_loss).toBeCloseTo(entry.price * (1 - sign * 0.03), 6);

    // A new distance is for new entries: the open position keeps the stop it was given.
    await api(ctx.app).patch('/api/v1/bot/config', { stop_loss_pct: 5 }).expect(200);
    const after = (await api(ctx.app).get('/api/v1/bot/positions').expect(200)).body.positions;
    expect(after.find((p: Position) => p.id === opened.id)?.stop_loss).toBe(opened.stop_loss);
  }, 30_000);
});
