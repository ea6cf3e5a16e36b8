import request from 'supertest';
import { api } from './support/trading-env';
import { useTradingApp } from './support/use-trading-app';

/** What a client that retries sees: one trade per Idempotency-Key, one close per position. */
describe('manual trades and closes under retries', () => {
  const ctx = useTradingApp();
  const trades = async () =>
    (await api(ctx.app).get('/api/v1/bot/status').expect(200)).body.total_trades as number;
  const trade = (body: object, key?: string) => {
    const req = api(ctx.app).post('/api/v1/bot/manual-trade', body);
    return key === undefined ? req : req.set('Idempotency-Key', key);
  };

  it('the same Idempotency-Key sent again is answered with the first trade, not a second', async () => {
    const before = await trades();
    const body = { asset_pair: 'BTCUSD', action: 'BUY', size: 0.01 };
    const first = await trade(body, 'client-retry-7').expect(201);
    const retry = await trade(body, 'client-retry-7').expect(201);
    expect(first.body).toMatchObject({ status: 'filled', replayed: false });
    expect(retry.body).toEqual({ ...first.body, replayed: true });
    expect(await trades()).toBe(before + 1);
    const open = (await api(ctx.app).get('/api/v1/bot/positions').expect(200)).body;
    expect(open.positions.map((p: { id: string }) => p.id)).toEqual([first.body.position.id]);
  });

  it('refuses a key reused for a different trade with a 400 naming the header, trading nothing', async () => {
    const body = { asset_pair: 'BTCUSD', action: 'BUY', size: 0.02 };
    const first = await trade(body, 'reused-key-1').expect(201);
    const before = await trades();
    const other = await trade({ ...body, size: 0.5 }, 'reused-key-1').expect(400);
    expect(other.body).toMatchObject({ code: 'IDEMPOTENCY.KEY_REUSED' });
    expect(other.body.fields.map((f: { field: string }) => f.field)).toEqual(['Idempotency-Key']);
    expect(await trades()).toBe(before);
    // The same body with the same key is still the first trade's answer.
    const retry = await trade(body, 'reused-key-1').expect(201);
    expect(retry.body).toEqual({ ...first.body, replayed: true });
    await api(ctx.app).post(`/api/v1/bot/positions/${first.body.position.id}/close`).expect(200);
  });

  it('without the header each request is an order of its own (documented: send a key)', async () => {
    const before = await trades();
    const body = { asset_pair: 'ETHUSD', action: 'BUY', size: 0.1 };
    const a = await trade(body).expect(201);
    const b = await trade(body).expect(201);
    expect(a.body.position.id).not.toBe(b.body.position.id);
    expect(await trades()).toBe(before + 2);
  });

  it('refuses a malformed key with a 400 naming the header', async () => {
    const response = await trade({ asset_pair: 'BTCUSD', action: 'BUY', size: 0.01 }, 'a b').expect(
      400,
    );
    expect(response.body.fields.map((f: { field: string }) => f.field)).toContain(
      'Idempotency-Key',
    );
  });

  it('closes a position once under concurrent closes; the loser says how it was closed', async () => {
    const opened = await trade({ asset_pair: 'SOLUSD', action: 'BUY', size: 1 }, 'close-race');
    const id = opened.body.position.id as string;
    const close = () => api(ctx.app).post(`/api/v1/bot/positions/${id}/close`);
    const answers = await Promise.all([close(), close(), close()]);
    const won = answers.filter((r) => r.status === 200);
    const lost = answers.filter((r) => r.status === 409);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(2);
    const pnl = (won[0].body.realized_pnl as number).toFixed(2);
    for (const answer of lost) {
      expect(answer.body.code).toBe('POSITION.CLOSED');
      expect(answer.body.message).toBe(
        `position ${id} is already closed (manual at ${won[0].body.closed_at}, exit price ` +
          `${won[0].body.exit_price}, realized P&L ${pnl})`,
      );
    }
    // Once more later: the same answer, nothing closed again.
    const later = await close().expect(409);
    expect(later.body.message).toBe(lost[0].body.message);
    const portfolio = (await api(ctx.app).get('/api/v1/status').expect(200)).body;
    expect(portfolio.open_positions.map((p: { id: string }) => p.id)).not.toContain(id);
  });

  it('documents the Idempotency-Key header of manual-trade in the OpenAPI document', async () => {
    const doc = (await request(ctx.app.getHttpServer()).get('/docs-json').expect(200)).body;
    const operation = doc.paths['/api/v1/bot/manual-trade'].post;
    const header = operation.parameters.find(
      (p: { in: string; name: string }) => p.in === 'header' && p.name === 'Idempotency-Key',
    );
    expect(header).toMatchObject({ required: false });
    expect(header.description).toMatch(/same key place one order/);
    expect(operation.description).toMatch(/retried request trades again/);
  });
});
