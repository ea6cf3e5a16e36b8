import { MarketPrices } from '../src/app/trading-core/market-prices.service';
import { api } from './support/trading-env';
import { useTradingApp } from './support/use-trading-app';

/** A manual order's stop-loss and take-profit are judged against the price it will fill at. */
describe('manual trade levels against the fill price', () => {
  const ctx = useTradingApp();
  const market = async () =>
    (await ctx.app.get(MarketPrices).prices(['BTCUSD'], Date.now())).BTCUSD;
  const trade = (body: object) =>
    api(ctx.app).post('/api/v1/bot/manual-trade', { asset_pair: 'BTCUSD', size: 0.01, ...body });
  const fields = (body: { fields?: { field: string }[] }) => body.fields?.map((f) => f.field);

  it('refuses a buy limit whose stop-loss sits above its limit, naming stop_loss', async () => {
    const m = await market();
    const refused = await trade({ action: 'BUY', price: m * 0.5, stop_loss: m * 0.8 }).expect(400);
    expect(refused.body.code).toBe('ORDER.STOP_LOSS');
    expect(fields(refused.body)).toEqual(['stop_loss']);
  });

  it('refuses a sell limit whose take-profit sits above its limit, naming take_profit', async () => {
    const m = await market();
    const refused = await trade({ action: 'SELL', price: m * 2, take_profit: m * 3 }).expect(400);
    expect(refused.body.code).toBe('ORDER.TAKE_PROFIT');
    expect(fields(refused.body)).toEqual(['take_profit']);
  });

  it('accepts a buy limit below the market whose levels bracket the limit', async () => {
    const m = await market();
    const placed = await trade({
      action: 'BUY',
      price: m * 0.5,
      stop_loss: m * 0.4,
      take_profit: m * 0.9,
    }).expect(201);
    expect(placed.body).toMatchObject({ status: 'pending', replayed: false });
  });

  it('judges a limit the market already reaches against the market it fills at', async () => {
    const m = await market();
    const refused = await trade({ action: 'BUY', price: m * 2, stop_loss: m * 1.5 }).expect(400);
    expect(fields(refused.body)).toEqual(['stop_loss']);
  });
});
