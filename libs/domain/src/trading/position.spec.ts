import {
  exitTrigger,
  positionValue,
  protectiveLevels,
  realizedPnl,
  unrealizedPnl,
  type Position,
} from './position';

const long: Position = {
  id: 'p1',
  assetPair: 'BTCUSD',
  side: 'long',
  size: 2,
  entryPrice: 100,
  entryFee: 0.2,
  openedAt: 0,
  status: 'open',
  stopLoss: 95,
  takeProfit: 110,
};
const short: Position = { ...long, side: 'short', stopLoss: 105, takeProfit: 90 };

describe('position arithmetic', () => {
  it('realises the move minus both fees', () => {
    expect(realizedPnl(long, 110, 0.22)).toBeCloseTo(20 - 0.42, 10);
    expect(realizedPnl(short, 110, 0.22)).toBeCloseTo(-20 - 0.42, 10);
  });
  it('counts the entry fee in unrealised P&L', () => {
    expect(unrealizedPnl(long, 101)).toBeCloseTo(1.8, 10);
    expect(unrealizedPnl(short, 101)).toBeCloseTo(-2.2, 10);
  });
  it('values a position as its collateral plus the move', () => {
    expect(positionValue(long, 105)).toBe(210);
    expect(positionValue(short, 105)).toBe(190);
  });
  it('triggers stop-loss and take-profit on the right side', () => {
    expect(exitTrigger(long, 94)).toBe('stop_loss');
    expect(exitTrigger(long, 111)).toBe('take_profit');
    expect(exitTrigger(long, 100)).toBeNull();
    expect(exitTrigger(short, 106)).toBe('stop_loss');
    expect(exitTrigger(short, 89)).toBe('take_profit');
  });
  it('places protective levels against the side', () => {
    expect(protectiveLevels('long', 100, 0.05, 0.1)).toEqual({
      stopLoss: 95,
      takeProfit: 110.00000000000001,
    });
    const s = protectiveLevels('short', 100, 0.05, 0.1);
    expect(s.stopLoss).toBeCloseTo(105);
    expect(s.takeProfit).toBeCloseTo(90);
  });
});
