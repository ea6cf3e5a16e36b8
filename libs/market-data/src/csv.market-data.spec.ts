import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CsvMarketData } from './csv.market-data';

describe('CsvMarketData', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ffe-csv-'));
    writeFileSync(
      join(dir, 'BTCUSD.csv'),
      [
        'timestamp,open,high,low,close,volume',
        '2024-01-01T00:00:00Z,100,101,99,100.5,10',
        '2024-01-01T00:01:00Z,100.5,102,100,101,11',
        '1704067320,101,103,100.5,102,12',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'BAD.csv'), 'timestamp,open\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a malformed file naming it', () => {
    expect(() => new CsvMarketData(dir)).toThrow(/BAD\.csv/);
  });

  it('replays the rows in a loop aligned to the clock', async () => {
    rmSync(join(dir, 'BAD.csv'));
    const market = new CsvMarketData(dir);
    expect(market.pairs()).toEqual(['BTCUSD']);
    const until = 3 * 60_000 * 1000 + 5_000; // bar 3000 is forming; 2999 is the last closed
    const frame = await market.candles({ pair: 'BTCUSD', timeframe: '1m', limit: 3, until });
    expect(frame.candles.map((c) => c.close)).toEqual([100.5, 101, 102]);
    expect(frame.candles[2].timestamp).toBe(2_999 * 60_000);
  });

  it('rejects an unknown pair and a timeframe the file does not have, naming the field', async () => {
    const market = new CsvMarketData(dir);
    await expect(
      market.candles({ pair: 'ETHUSD', timeframe: '1m', limit: 3, until: 0 }),
    ).rejects.toMatchObject({ field: 'asset_pair' });
    await expect(
      market.candles({ pair: 'BTCUSD', timeframe: '5m', limit: 3, until: 0 }),
    ).rejects.toMatchObject({ field: 'timeframe' });
  });
});
