import { InvalidInputError, type OrderSide } from '@ffe/domain';

/** `EURUSD` → `EUR_USD`; `XAUUSD` → `XAU_USD`. Oanda names every pair base_quote. */
export function toOandaInstrument(pair: string): string {
  if (!/^[A-Z0-9]{6}$/.test(pair)) {
    throw new InvalidInputError(
      'PAIR.UNSUPPORTED',
      `Oanda trades six-letter pairs like EURUSD, not ${pair}`,
      'asset_pair',
    );
  }
  return `${pair.slice(0, 3)}_${pair.slice(3)}`;
}

/** `EUR_USD` → `EURUSD`. */
export function fromOandaInstrument(instrument: string): string {
  return instrument.replace('_', '');
}

/**
 * Signed units as Oanda wants them: positive buys, negative sells, rounded down to the
 * instrument's unit precision (0 for FX: whole units). Throws when that leaves nothing.
 */
export function toOandaUnits(size: number, side: OrderSide, tradeUnitsPrecision: number): string {
  const factor = 10 ** tradeUnitsPrecision;
  const units = Math.floor(size * factor + 1e-9) / factor;
  if (!(units > 0)) {
    throw new InvalidInputError(
      'ORDER.TOO_SMALL',
      `size ${size} is below one unit at precision ${tradeUnitsPrecision}`,
      'size',
    );
  }
  return (side === 'BUY' ? units : -units).toFixed(tradeUnitsPrecision);
}

/** A price at the instrument's display precision (EUR_USD 5 digits, USD_JPY 3). */
export function toOandaPrice(price: number, displayPrecision: number): string {
  return price.toFixed(displayPrecision);
}

/** One pip: 10^pipLocation (0.0001 for EUR_USD, 0.01 for USD_JPY). */
export function pipSize(pipLocation: number): number {
  return Number((10 ** pipLocation).toFixed(Math.max(0, -pipLocation)));
}
