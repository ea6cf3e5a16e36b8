import {
  ConflictError,
  InvalidInputError,
  type OrderRequest,
  type OrderResult,
  type Position,
} from '@ffe/domain';
import type { Cluster, Redis } from 'ioredis';
import type { PaperKeys } from './paper-keys';
import { exceedsLongs, longSize, planSell } from './paper-netting';
import { SELL_LONGS } from './paper-scripts';

type StoredLong = { raw: string; position: Position };

/** How often a SELL plans again when a long it sells changed under it (a close meanwhile). */
const SELL_ATTEMPTS = 5;

/**
 * SELLs on the netting paper account: a SELL sells the pair's longs (`planSell`), applied
 * by one script only if every long is still as read.
 */
export class PaperSeller {
  constructor(
    private readonly deps: {
      redis: Redis | Cluster;
      keys: PaperKeys;
      supportsShorts: boolean;
      fee: (price: number, size: number) => number;
    },
  ) {}

  /**
   * The pair's longs a SELL may sell, oldest first; empty only where shorts are allowed and
   * none is open. A 400 naming `action` when there is no long to sell, `size` when it is more
   * than the longs hold, `stop_loss` / `take_profit` when sent (no position to guard): the order as sent cannot be right for this account, and nothing was
   * stored, so the same order sent once a long exists is judged afresh.
   */
  async sellableLongs(order: OrderRequest): Promise<StoredLong[]> {
    const longs = (await this.openStored())
      .filter(({ position: p }) => p.assetPair === order.assetPair && p.side === 'long')
      .sort((a, b) => a.position.openedAt - b.position.openedAt);
    if (longs.length === 0) {
      if (this.deps.supportsShorts) return longs;
      throw new InvalidInputError(
        'ORDER.NO_LONG_TO_SELL',
        `no long ${order.assetPair} open to sell: this account opens no shorts`,
        'action',
      );
    }
    // Levels belong to a position a fill opens; a SELL of a long opens none, so would drop them.
    const level =
      order.stopLoss !== undefined
        ? 'stop_loss'
        : order.takeProfit !== undefined
          ? 'take_profit'
          : undefined;
    if (level) {
      throw new InvalidInputError(
        'ORDER.LEVELS_ON_SELL',
        `${level} has no position to guard: a SELL sells the open ${order.assetPair} long`,
        level,
      );
    }
    const held = longSize(longs);
    if (exceedsLongs(order.size, held)) {
      throw new InvalidInputError(
        'ORDER.SIZE_EXCEEDS_LONG',
        `size ${order.size} exceeds the open long of ${held} ${order.assetPair}: a SELL only reduces a long`,
        'size',
      );
    }
    return longs;
  }

  /**
   * Sells the pair's longs at `price`; planned again when one changed meanwhile. Undefined:
   * no long open and shorts allowed, so the caller opens a short.
   */
  async sell(
    order: OrderRequest,
    orderId: string,
    price: number,
    pendingOrderId: string,
  ): Promise<OrderResult | undefined> {
    for (let attempt = 0; attempt < SELL_ATTEMPTS; attempt++) {
      const longs = await this.sellableLongs(order);
      if (longs.length === 0) return undefined;
      const plan = planSell({ longs, size: order.size, price, at: order.at, fee: this.deps.fee });
      const result: OrderResult = {
        orderId,
        status: 'filled',
        closed: plan.closed,
        replayed: false,
      };
      const changes = plan.changes.flatMap((c) => [
        c.id,
        c.expected,
        JSON.stringify(c.after),
        c.part?.id ?? '',
        c.part ? JSON.stringify(c.part) : '',
      ]);
      const k = this.deps.keys;
      const [outcome, stored] = (await this.deps.redis.eval(
        SELL_LONGS,
        8,
        k.account,
        k.positions,
        k.open,
        k.closed,
        k.orders,
        k.ledger,
        k.pending,
        k.pendingExpiry,
        order.idempotencyKey,
        JSON.stringify(result),
        pendingOrderId,
        String(order.at),
        String(plan.proceeds),
        String(plan.realizedPnl),
        String(plan.changes.length),
        ...changes,
      )) as [string, string];
      if (outcome === 'changed') continue;
      if (outcome === 'gone')
        return { orderId, status: 'rejected', reason: 'gone', replayed: true };
      return { ...(JSON.parse(stored) as OrderResult), replayed: outcome === 'replayed' };
    }
    throw new ConflictError('ORDER.CONTENDED', 'the longs to sell kept changing: try again');
  }

  /** Open positions with the JSON they are stored as (a SELL checks nobody changed them). */
  private async openStored(): Promise<StoredLong[]> {
    const { redis, keys } = this.deps;
    const ids = await redis.smembers(keys.open);
    if (ids.length === 0) return [];
    const raws = await redis.hmget(keys.positions, ...ids);
    return raws
      .filter((raw): raw is string => raw !== null)
      .map((raw) => ({ raw, position: JSON.parse(raw) as Position }));
  }
}
