import type { BotState, OrderObservation, OrderRequest } from '@ffe/domain';
import { useRedis } from '@ffe/testing';
import { GuardedTradingPlatform } from './guarded.trading-platform';
import { MeteredTradingPlatform } from './metered.trading-platform';
import { PaperTradingPlatform } from './paper.trading-platform';

describe('MeteredTradingPlatform: orders counted where they leave', () => {
  const ctx = useRedis();
  let prefixes = 0;

  /** A paper account behind the guard and the meter, and what the meter reported. */
  async function metered() {
    const inner = new PaperTradingPlatform({
      redis: ctx.redis,
      initialBalance: 10_000,
      feePct: 0,
      slippagePct: 0,
      keyPrefix: `m${++prefixes}`,
    });
    await inner.init();
    const bot = { state: 'running' as BotState, config: { dry_run: false }, version: 1 };
    const guarded = new GuardedTradingPlatform(inner, async () => ({
      state: bot.state,
      config: { ...bot.config },
      version: bot.version,
    }));
    const seen: OrderObservation[] = [];
    const platform = new MeteredTradingPlatform(guarded, { order: (o) => seen.push(o) });
    return { bot, platform, seen };
  }

  const order = (over: Partial<OrderRequest> = {}): OrderRequest => ({
    idempotencyKey: 'k1',
    assetPair: 'BTCUSD',
    side: 'BUY',
    size: 1,
    marketPrice: 100,
    at: 1_000,
    ...over,
  });

  it('reports a filled order once, with its side, platform and venue latency', async () => {
    const { platform, seen } = await metered();
    expect((await platform.placeOrder({ order: order() })).status).toBe('filled');
    expect(seen).toEqual([
      { platform: 'paper', side: 'BUY', status: 'filled', seconds: expect.any(Number) },
    ]);
    expect(seen[0].seconds).toBeGreaterThan(0);
  });

  it('a key sent again is `replayed`, not a second order, and has no latency', async () => {
    const { platform, seen } = await metered();
    await platform.placeOrder({ order: order() });
    const again = await platform.placeOrder({ order: order() });
    expect(again.replayed).toBe(true);
    expect(seen.map((o) => o.status)).toEqual(['filled', 'replayed']);
    expect(seen[1].seconds).toBeUndefined();
  });

  it('a dry-run answer and an emergency-stop refusal are counted with that status', async () => {
    const { bot, platform, seen } = await metered();
    bot.config.dry_run = true;
    await platform.placeOrder({ order: order({ idempotencyKey: 'dry' }) });
    bot.state = 'emergency_stopped';
    await expect(platform.placeOrder({ order: order({ side: 'SELL' }) })).rejects.toMatchObject({
      code: 'BOT.EMERGENCY_STOPPED',
    });
    expect(seen).toEqual([
      { platform: 'paper', side: 'BUY', status: 'dry_run', seconds: undefined },
      { platform: 'paper', side: 'SELL', status: 'refused', seconds: undefined },
    ]);
  });

  it('a rejected order is counted rejected', async () => {
    const { platform, seen } = await metered();
    const huge = await platform.placeOrder({ order: order({ size: 1_000_000 }) });
    expect(huge.status).toBe('rejected');
    expect(seen.map((o) => o.status)).toEqual(['rejected']);
  });
});
