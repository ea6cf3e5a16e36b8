import { canonicalJson, configId, entryId, frameDigest, freezeFrame } from './feature-key';
import { candleFrame } from './test/fixtures';

describe('content-addressed keys', () => {
  it('spell a config one way whatever the key order, dropping undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null }, e: undefined })).toBe(
      '{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}',
    );
    expect(configId({ rsi: 14, sma: [10, 20] })).toBe(configId({ sma: [10, 20], rsi: 14 }));
    expect(configId({ sma: [10, 20] })).not.toBe(configId({ sma: [20, 10] }));
  });

  it('give identical frames one id and a frame with one changed number another', () => {
    const a = candleFrame('BTCUSD');
    const b = candleFrame('BTCUSD');
    expect(entryId('BTCUSD', a, {})).toBe(entryId('BTCUSD', b, {}));
    b.candles[499] = { ...b.candles[499], volume: b.candles[499].volume + 1e-9 };
    expect(entryId('BTCUSD', a, {})).not.toBe(entryId('BTCUSD', b, {}));
    expect(entryId('BTCUSD', { ...a, timeframe: '5m' }, {})).not.toBe(entryId('BTCUSD', a, {}));
  });

  it('hash a frozen frame once; an unfrozen one on every call, so mutation is seen', () => {
    const mutable = candleFrame('ETHUSD', 10);
    const before = frameDigest(mutable.candles);
    mutable.candles[3].close += 1;
    expect(frameDigest(mutable.candles)).not.toBe(before);

    const frozen = freezeFrame(candleFrame('ETHUSD', 10));
    expect(frameDigest(frozen.candles)).toBe(frameDigest(candleFrame('ETHUSD', 10).candles));
    expect(() => {
      (frozen.candles[3] as { close: number }).close += 1;
    }).toThrow(TypeError);
  });

  it('refuse symbols and timeframes that could break the key layout', () => {
    const frame = candleFrame('BTCUSD', 5);
    expect(() => entryId('BTC}USD', frame, {})).toThrow(/symbol/);
    expect(() => entryId('', frame, {})).toThrow(/symbol/);
    expect(() => entryId('BTCUSD', { ...frame, timeframe: '1:m' }, {})).toThrow(/timeframe/);
  });
});
