import { ConflictError, type BotState, type OrderRequest } from '@ffe/domain';
import { useRedis } from '@ffe/testing';
import { GuardedTradingPlatform } from './guarded.trading-platform';
import { PaperTradingPlatform } from './paper.trading-platform';

describe('GuardedTradingPlatform: the boundary where orders leave', () => {
  const ctx = useRedis();
  let prefixes = 0;

  /** A paper account behind the guard, and the bot the guard reads (changeable per test). */
  async function guarded() {
    const inner = new PaperTradingPlatform({
      redis: ctx.redis,
      initialBalance: 10_000,
      feePct: 0,
      slippagePct: 0,
      keyPrefix: `g${++prefixes}`,
    });
    await inner.init();
    const bot = { state: 'running' as BotState, config: { dry_run: false }, version: 1 };
    let reads = 0;
    const platform = new GuardedTradingPlatform(inner, async () => {
      reads++;
      return { state: bot.state, config: { ...bot.config }, version: bot.version };
    });
    return { inner, bot, platform, reads: () => reads };
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

  it('refuses a new order while the emergency stop is latched, with a 409 code', async () => {
    const { inner, bot, platform } = await guarded();
    bot.state = 'emergency_stopped';
    const refused = platform.placeOrder({ order: order() });
    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    await expect(refused).rejects.toMatchObject({ code: 'BOT.EMERGENCY_STOPPED' });
    expect(await inner.openPositions()).toEqual([]);
    expect(await inner.tradeCount()).toBe(0);
  });

  it('refuses during an emergency stop even in dry-run: the stop is the stronger word', async () => {
    const { bot, platform } = await guarded();
    bot.state = 'emergency_stopped';
    bot.config.dry_run = true;
    await expect(platform.placeOrder({ order: order() })).rejects.toMatchObject({
      code: 'BOT.EMERGENCY_STOPPED',
    });
  });

  it('fills no pending limit order while the emergency stop is latched', async () => {
    const { inner, bot, platform } = await guarded();
    const pending = await platform.placeOrder({ order: order({ limitPrice: 90 }) });
    expect(pending.status).toBe('pending');
    bot.state = 'emergency_stopped';
    await expect(
      platform.matchPendingOrders({ prices: { BTCUSD: 80 }, at: 2_000 }),
    ).rejects.toMatchObject({ code: 'BOT.EMERGENCY_STOPPED' });
    expect(await inner.openPositions()).toEqual([]);
    // The same order fills once the bot runs again (a start lifts the halt the guard asserted):
    // the guard held it, nothing dropped it.
    bot.state = 'running';
    bot.version = 2;
    await platform.resumeEntries({ version: bot.version });
    expect(await platform.matchPendingOrders({ prices: { BTCUSD: 80 }, at: 3_000 })).toHaveLength(
      1,
    );
  });

  it('lets closes and cancels through during an emergency stop: they reduce risk', async () => {
    const { inner, bot, platform } = await guarded();
    const { position } = await platform.placeOrder({ order: order() });
    await platform.placeOrder({ order: order({ idempotencyKey: 'k2', limitPrice: 50 }) });
    bot.state = 'emergency_stopped';
    expect(await platform.cancelPendingOrders()).toBe(1);
    const closed = await platform.closePosition({
      positionId: position!.id,
      price: 101,
      reason: 'manual',
      at: 2_000,
    });
    expect(closed.status).toBe('closed');
    expect(await inner.openPositions()).toEqual([]);
  });

  it('lets orders through in every other state: manual trades of a stopped bot are allowed', async () => {
    const { bot, platform } = await guarded();
    const states: BotState[] = ['stopped', 'starting', 'running', 'stopping'];
    for (const [i, state] of states.entries()) {
      bot.state = state;
      const result = await platform.placeOrder({ order: order({ idempotencyKey: `s${i}` }) });
      expect({ state, status: result.status }).toEqual({ state, status: 'filled' });
    }
  });

  it('reads the bot afresh for every order, so a stop between two orders holds the second', async () => {
    const { bot, platform, reads } = await guarded();
    await platform.placeOrder({ order: order() });
    bot.state = 'emergency_stopped';
    await expect(platform.placeOrder({ order: order({ idempotencyKey: 'k2' }) })).rejects.toThrow(
      /emergency stop/,
    );
    expect(reads()).toBe(2);
  });

  it('lets no new risk leave in dry-run: orders answer dry_run, pending orders stay unfilled', async () => {
    const { inner, bot, platform } = await guarded();
    await platform.placeOrder({ order: order({ idempotencyKey: 'limit', limitPrice: 90 }) });
    bot.config.dry_run = true;
    const held = await platform.placeOrder({ order: order() });
    expect(held).toMatchObject({ status: 'dry_run', orderId: 'dry-run:k1' });
    expect(await platform.matchPendingOrders({ prices: { BTCUSD: 80 }, at: 2_000 })).toEqual([]);
    expect(await inner.openPositions()).toEqual([]);
    expect(await inner.tradeCount()).toBe(0);
  });

  it('closes a position that exists in dry-run, for real: an exit always goes to the venue', async () => {
    const { inner, bot, platform } = await guarded();
    const { position } = await platform.placeOrder({ order: order() });
    bot.config.dry_run = true;
    for (const state of ['running', 'emergency_stopped'] as BotState[]) {
      bot.state = state;
      const { position: more } = await inner.placeOrder({
        order: order({ idempotencyKey: state }),
      });
      const closed = await platform.closePosition({
        positionId: more!.id,
        price: 95,
        reason: 'stop_loss',
        at: 2_000,
      });
      expect({ state, status: closed.status }).toEqual({ state, status: 'closed' });
    }
    await platform.closePosition({ positionId: position!.id, price: 95, reason: 'manual', at: 3 });
    expect(await inner.openPositions()).toEqual([]);
    expect((await inner.balances({ prices: {} })).cash).toBe(10_000 - 3 * 5);
  });

  it('asserts the venue halt again when it finds the emergency stop latched', async () => {
    const { bot, platform, inner } = await guarded();
    bot.state = 'emergency_stopped';
    bot.version = 7;
    await expect(platform.placeOrder({ order: order() })).rejects.toMatchObject({
      code: 'BOT.EMERGENCY_STOPPED',
    });
    // The inner account now refuses fills by itself, whoever asks it directly.
    await expect(
      inner.placeOrder({ order: order({ idempotencyKey: 'direct' }) }),
    ).rejects.toMatchObject({ code: 'BOT.EMERGENCY_STOPPED' });
    await platform.resumeEntries({ version: 7 });
    await expect(
      inner.placeOrder({ order: order({ idempotencyKey: 'still' }) }),
    ).rejects.toMatchObject({ code: 'BOT.EMERGENCY_STOPPED' });
    await platform.resumeEntries({ version: 8 });
    expect((await inner.placeOrder({ order: order({ idempotencyKey: 'after' }) })).status).toBe(
      'filled',
    );
  });
});
