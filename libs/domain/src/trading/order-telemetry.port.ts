import type { OrderSide } from './position';
import type { OrderStatus } from './trading-platform.port';

/**
 * What became of an order at the platform boundary: the venue's status, `replayed` (its key had
 * been used: the earlier result, nothing traded now), `refused` (the emergency stop held it) or
 * `error` (the call threw). A fixed set, so a metric labelled with it stays bounded.
 */
export type OrderOutcomeStatus = OrderStatus | 'replayed' | 'refused' | 'error';

export const ORDER_OUTCOME_STATUSES: readonly OrderOutcomeStatus[] = [
  'filled',
  'pending',
  'rejected',
  'dry_run',
  'replayed',
  'refused',
  'error',
];

/** One order that reached the platform boundary; `seconds` is set when it went to the venue. */
export interface OrderObservation {
  platform: string;
  side: OrderSide;
  status: OrderOutcomeStatus;
  seconds?: number;
}

/**
 * Where the platform boundary reports orders; an adapter binds it to a metrics library, so
 * the boundary itself imports none.
 */
export interface OrderTelemetry {
  order(observation: OrderObservation): void;
}
