import type { TradingPlatform } from '@ffe/domain';
import { MarketPrices } from '../src/app/trading-core/market-prices.service';
import { PositionCloser } from '../src/app/trading-core/position-closer.service';
import { TradingMetrics } from '../src/app/trading-core/trading-metrics';
import { TRADING_PLATFORM } from '../src/services/trading-platform/trading-platform.tokens';
import { api } from './support/trading-env';
import { useTradingApp } from './support/use-trading-app';

/**
 * An emergency stop's close-all and a cycle's stop-loss can close the same position at the
 * same moment. The close-all answer must list it as closed, not as a failure to close.
 */
describe('close-all racing another close', () => {
  const ctx = useTradingApp();

  it('reports a position closed in between as closed, and closes the rest', async () => {
    const open = async (pair: string) =>
      (
        await api(ctx.app)
          .post('/api/v1/bot/manual-trade', { asset_pair: pair, action: 'BUY', size: 0.01 })
          .expect(201)
      ).body.position.id as string;
    const raced = await open('BTCUSD');
    const other = await open('ETHUSD');
    const platform = ctx.app.get<TradingPlatform>(TRADING_PLATFORM);
    const prices = ctx.app.get(MarketPrices);
    const metrics = ctx.app.get(TradingMetrics);
    // The real platform, with the other close landing right after close-all read the list.
    const racing: TradingPlatform = Object.create(platform, {
      openPositions: {
        value: async () => {
          const listed = await platform.openPositions();
          const cycle = new PositionCloser(platform, prices, metrics);
          await cycle.close({ id: raced, assetPair: 'BTCUSD' }, 'stop_loss', Date.now());
          return listed;
        },
      },
    });
    const closeAll = new PositionCloser(racing, prices, metrics);

    const result = await closeAll.closeAll('emergency_stop', Date.now());

    expect(result.failed).toEqual([]);
    expect(result.closed.sort()).toEqual([raced, other].sort());
    expect(await platform.openPositions()).toEqual([]);
    expect((await platform.getPosition({ positionId: raced }))?.closeReason).toBe('stop_loss');
  });
});
