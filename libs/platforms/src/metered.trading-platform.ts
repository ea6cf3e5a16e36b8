import {
  ConflictError,
  EMERGENCY_STOPPED,
  type OrderOutcomeStatus,
  type OrderRequest,
  type OrderResult,
  type OrderTelemetry,
  type TradingPlatform,
} from '@ffe/domain';
import { ForwardingTradingPlatform } from './forwarding.trading-platform';

/** Statuses of orders that never reached the venue: no venue latency to report. */
const NOT_SENT: ReadonlySet<OrderOutcomeStatus> = new Set(['dry_run', 'replayed', 'refused']);

/**
 * The platform boundary, measured: every order placed through it is reported once, with what
 * became of it and, when it went to the venue, how long that took. It wraps the guarded platform,
 * so orders the guard answers (dry-run) or refuses (the emergency stop) are counted with that
 * status. A replayed key is the earlier result, not a new order: it is reported as `replayed`.
 * Everything else passes through untouched.
 */
export class MeteredTradingPlatform extends ForwardingTradingPlatform {
  constructor(
    inner: TradingPlatform,
    private readonly telemetry: OrderTelemetry,
    private readonly now: () => number = () => performance.now(),
  ) {
    super(inner);
  }

  override async placeOrder(params: { order: OrderRequest }): Promise<OrderResult> {
    const started = this.now();
    const report = (status: OrderOutcomeStatus) =>
      this.telemetry.order({
        platform: this.name,
        side: params.order.side,
        status,
        seconds: NOT_SENT.has(status) ? undefined : (this.now() - started) / 1_000,
      });
    try {
      const result = await this.inner.placeOrder(params);
      report(result.replayed ? 'replayed' : result.status);
      return result;
    } catch (error) {
      const refused = error instanceof ConflictError && error.code === EMERGENCY_STOPPED;
      report(refused ? 'refused' : 'error');
      throw error;
    }
  }
}
