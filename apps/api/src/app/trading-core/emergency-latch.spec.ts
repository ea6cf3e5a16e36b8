import { PaperTradingPlatform } from '@ffe/platforms';
import { useRedis } from '@ffe/testing';
import { BotStateStore } from '../../services/bot-state/bot-state.store';
import { latchEmergencyStop, resumeAfterStart } from './emergency-latch';

describe('the emergency latch and the platform halt, start racing stop', () => {
  const ctx = useRedis();
  const HALT = 'ffe:{paper}:halt';
  const order = {
    idempotencyKey: 'k',
    assetPair: 'BTCUSD',
    side: 'BUY' as const,
    size: 1,
    marketPrice: 100,
    at: 1,
  };

  async function setup() {
    await ctx.redis.flushall();
    const bot = new BotStateStore(ctx.redis);
    const platform = new PaperTradingPlatform({
      redis: ctx.redis,
      initialBalance: 10_000,
      feePct: 0,
      slippagePct: 0,
    });
    await platform.init();
    const start = () =>
      bot.update((snap) => ({
        change: { state: 'starting' },
        audit: { action: 'start', from: snap.state },
        result: snap.version,
      }));
    return { bot, platform, start };
  }

  it('halts fills before the stop is recorded, and refuses them inside the fill', async () => {
    const { bot, platform } = await setup();
    expect(await latchEmergencyStop(bot, platform, () => ({ action: 'emergency_stop' }))).toBe(
      true,
    );
    expect((await bot.read()).state).toBe('emergency_stopped');
    expect(await ctx.redis.get(HALT)).toBe('0');
    await expect(platform.placeOrder({ order })).rejects.toMatchObject({
      code: 'BOT.EMERGENCY_STOPPED',
    });
    await expect(
      platform.placeOrder({ order: { ...order, idempotencyKey: 'limit', limitPrice: 50 } }),
    ).rejects.toMatchObject({ code: 'BOT.EMERGENCY_STOPPED' });
    expect(await platform.tradeCount()).toBe(0);
    expect(await ctx.redis.hlen('ffe:{paper}:orders')).toBe(0);
    // A repeat latches nothing new and asserts the halt again.
    await ctx.redis.del(HALT);
    expect(await latchEmergencyStop(bot, platform, () => ({}))).toBe(false);
    expect(await ctx.redis.exists(HALT)).toBe(1);
  });

  it('lifts the halt after a start that came after the stop', async () => {
    const { bot, platform, start } = await setup();
    await latchEmergencyStop(bot, platform, () => ({ action: 'emergency_stop' }));
    await start();
    await resumeAfterStart(bot, platform);
    expect(await ctx.redis.exists(HALT)).toBe(0);
    expect((await platform.placeOrder({ order })).status).toBe('filled');
  });

  it('keeps the halt of a stop that read the bot before the start resumed, and won', async () => {
    const { bot, platform, start } = await setup();
    await latchEmergencyStop(bot, platform, () => ({ action: 'emergency_stop' }));
    await start();
    // The stop reads the started bot and halts with that version...
    const seen = await bot.read();
    await platform.haltEntries({ version: seen.version });
    // ...the start, finishing, lifts only halts from before what it reads (the same version)...
    await resumeAfterStart(bot, platform);
    expect(await ctx.redis.exists(HALT)).toBe(1);
    // ...and the stop's compare-and-set, based on that version, lands: halted as it should be.
    await latchEmergencyStop(bot, platform, () => ({ action: 'emergency_stop' }));
    expect((await bot.read()).state).toBe('emergency_stopped');
    await expect(platform.placeOrder({ order })).rejects.toMatchObject({
      code: 'BOT.EMERGENCY_STOPPED',
    });
  });

  it('does not lift the halt when the stop landed before the start read the bot', async () => {
    const { bot, platform, start } = await setup();
    await start();
    await latchEmergencyStop(bot, platform, () => ({ action: 'emergency_stop' }));
    await resumeAfterStart(bot, platform);
    expect(await ctx.redis.exists(HALT)).toBe(1);
  });
});
