import { randomUUID } from 'node:crypto';
import {
  emergencyStoppedError,
  InvalidInputError,
  type OrderRequest,
  type OrderResult,
} from '@ffe/domain';
import type { Cluster, Redis } from 'ioredis';
import type { PaperKeys } from './paper-keys';
import { CANCEL_PENDING, DROP_EXPIRED, PLACE_PENDING } from './paper-scripts';

export interface PendingOrder extends OrderRequest {
  orderId: string;
  expiresAt: number;
}

/** Expired pending orders dropped per call: a backlog drains over cycles, never in one. */
const EXPIRED_BATCH = 500;

/**
 * The paper account's pending limit orders: a hash of orders and a sorted set of their
 * expiries, so a cycle reads only the live ones and an order past its expiry is never filled.
 * An order that ends unfilled (expired, cancelled, dropped) takes its order record with it.
 */
export class PaperPendingBook {
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly keys: PaperKeys,
    private readonly ttlMs: number,
  ) {}

  async place(order: OrderRequest): Promise<OrderResult> {
    const expiresAt = order.expiresAt ?? order.at + this.ttlMs;
    if (!(expiresAt > order.at)) {
      throw new InvalidInputError(
        'ORDER.EXPIRES_AT',
        'expires_at must be in the future',
        'expires_at',
      );
    }
    const orderId = randomUUID();
    const result: OrderResult = { orderId, status: 'pending', replayed: false };
    const pending: PendingOrder = { ...order, expiresAt, orderId };
    const k = this.keys;
    const [outcome, stored] = (await this.redis.eval(
      PLACE_PENDING,
      4,
      k.orders,
      k.pending,
      k.pendingExpiry,
      k.halt,
      order.idempotencyKey,
      JSON.stringify(result),
      orderId,
      JSON.stringify(pending),
      String(expiresAt),
    )) as [string, string];
    if (outcome === 'halted') throw emergencyStoppedError();
    return { ...(JSON.parse(stored) as OrderResult), replayed: outcome === 'replayed' };
  }

  /**
   * The orders still live at `at`, found by expiry: expired ones are dropped (a bounded batch
   * per call) and never read, so a cycle's work is the live orders only.
   */
  async live(at: number): Promise<PendingOrder[]> {
    const k = this.keys;
    await this.redis.eval(
      DROP_EXPIRED,
      3,
      k.pending,
      k.pendingExpiry,
      k.orders,
      String(at),
      String(EXPIRED_BATCH),
    );
    const ids = await this.redis.zrangebyscore(k.pendingExpiry, `(${at}`, '+inf');
    if (ids.length === 0) return [];
    const raws = await this.redis.hmget(k.pending, ...ids);
    return raws
      .filter((raw): raw is string => raw !== null)
      .map((raw) => JSON.parse(raw) as PendingOrder);
  }

  /** An order that can no longer fill (its long is gone): dropped with its record. */
  async drop(order: PendingOrder): Promise<void> {
    await this.redis
      .multi()
      .hdel(this.keys.pending, order.orderId)
      .zrem(this.keys.pendingExpiry, order.orderId)
      .hdel(this.keys.orders, order.idempotencyKey)
      .exec();
  }

  async cancelAll(): Promise<number> {
    const k = this.keys;
    return (await this.redis.eval(
      CANCEL_PENDING,
      3,
      k.pending,
      k.pendingExpiry,
      k.orders,
    )) as number;
  }

  /** Orders kept before pending orders had an expiry get the default one from `now`. */
  async adoptWithoutExpiry(now: number): Promise<void> {
    const ids = await this.redis.hkeys(this.keys.pending);
    if (ids.length === 0) return;
    const expiresAt = now + this.ttlMs;
    await this.redis.zadd(this.keys.pendingExpiry, 'NX', ...ids.flatMap((id) => [expiresAt, id]));
  }
}
