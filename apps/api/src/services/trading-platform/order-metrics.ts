import { MetricNames } from '@ffe/contracts';
import {
  ORDER_OUTCOME_STATUSES,
  type OrderObservation,
  type OrderSide,
  type OrderTelemetry,
} from '@ffe/domain';
import { Counter, Histogram, register } from 'prom-client';

/** A paper fill takes a millisecond, a venue round trip up to seconds: buckets span both. */
const ORDER_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const SIDES: readonly OrderSide[] = ['BUY', 'SELL'];

/**
 * The platform boundary's order telemetry on prom-client: ffe_orders_total{platform,side,status}
 * and ffe_order_latency_seconds{platform}. Every (side, status) of the configured platform starts
 * at 0, so rate() and increase() see the first order.
 */
export class OrderMetrics implements OrderTelemetry {
  private readonly orders: Counter<'platform' | 'side' | 'status'>;
  private readonly latency: Histogram<'platform'>;

  constructor(platform: string) {
    register.removeSingleMetric(MetricNames.ordersTotal);
    register.removeSingleMetric(MetricNames.orderLatencySeconds);
    this.orders = new Counter({
      name: MetricNames.ordersTotal,
      help: 'Orders at the platform boundary by status (filled, pending, rejected, dry_run, replayed, refused, error)',
      labelNames: ['platform', 'side', 'status'],
    });
    this.latency = new Histogram({
      name: MetricNames.orderLatencySeconds,
      help: 'Time an order that went to the venue took, any outcome, seconds',
      labelNames: ['platform'],
      buckets: ORDER_BUCKETS,
    });
    for (const side of SIDES) {
      for (const status of ORDER_OUTCOME_STATUSES) this.orders.inc({ platform, side, status }, 0);
    }
  }

  order({ platform, side, status, seconds }: OrderObservation): void {
    this.orders.inc({ platform, side, status });
    if (seconds !== undefined) this.latency.observe({ platform }, seconds);
  }
}
