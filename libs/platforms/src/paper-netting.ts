import { positionValue, realizedPnl, type Position } from '@ffe/domain';
import { randomUUID } from 'node:crypto';

/** One long a SELL touches: as read (to check nobody changed it), as left, and the sold part. */
export interface LongChange {
  id: string;
  /** The long's JSON as read: the script applies the change only if it is still this. */
  expected: string;
  /** Closed whole, or open with the size left. */
  after: Position;
  /** The sold part of a long reduced, as a closed record of its own (absent: closed whole). */
  part?: Position;
}

export interface SellPlan {
  changes: LongChange[];
  /** Cash the SELL brings in (the sold value less the exit fee). */
  proceeds: number;
  realizedPnl: number;
  /** The closed records it makes: whole longs and the sold part of one. */
  closed: Position[];
}

/** Sizes this close count as equal: what the account reported back, sent again. */
const SAME = 1e-12;

/**
 * A SELL on a netting (spot) account: it sells the pair's longs, oldest first, at `price`.
 * A long sold whole is closed; one sold in part is split — the part sold becomes a closed
 * record with its share of the entry fee and its own exit fee and P&L, the rest stays open
 * with the rest of the fee — so every closed record's P&L is exactly what it realised.
 * `size` must not exceed the longs (the caller checks).
 */
export function planSell(params: {
  longs: { raw: string; position: Position }[];
  size: number;
  price: number;
  at: number;
  fee: (price: number, size: number) => number;
}): SellPlan {
  const { price, at, fee } = params;
  const plan: SellPlan = { changes: [], proceeds: 0, realizedPnl: 0, closed: [] };
  let left = params.size;
  for (const { raw, position: long } of params.longs) {
    if (!(left > long.size * SAME)) break;
    const whole = left >= long.size * (1 - SAME);
    const size = whole ? long.size : left;
    const entryFee = whole ? long.entryFee : (long.entryFee * size) / long.size;
    const exitFee = fee(price, size);
    const sold: Position = { ...long, size, entryFee };
    const pnl = realizedPnl(sold, price, exitFee);
    const record: Position = {
      ...sold,
      id: whole ? long.id : randomUUID(),
      status: 'closed',
      exitPrice: price,
      exitFee,
      closedAt: at,
      closeReason: 'sell',
      realizedPnl: pnl,
    };
    const after = whole
      ? record
      : { ...long, size: long.size - size, entryFee: long.entryFee - entryFee };
    plan.changes.push({ id: long.id, expected: raw, after, part: whole ? undefined : record });
    plan.proceeds += positionValue(sold, price) - exitFee;
    plan.realizedPnl += pnl;
    plan.closed.push(record);
    left -= size;
  }
  return plan;
}

/** The longs' total size: what a SELL may sell on an account without shorts. */
export function longSize(longs: { position: Position }[]): number {
  return longs.reduce((sum, { position }) => sum + position.size, 0);
}

/** True when `size` is more than the longs hold (beyond rounding of the same figure). */
export function exceedsLongs(size: number, held: number): boolean {
  return size > held * (1 + SAME);
}
