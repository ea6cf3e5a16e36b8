import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DecisionEngine } from '../../src/app/trading-core/decision-engine.service';

/**
 * The first cycle time from `from` (1 s steps, within an hour) at which every named pair's
 * signal is the wanted action at `threshold` or above. The simulated market is a pure function
 * of time, so a test can pick the cycle that decides what it needs.
 */
export async function signalTime(
  app: NestFastifyApplication,
  wanted: Record<string, 'BUY' | 'SELL'>,
  { from, threshold }: { from: number; threshold: number },
): Promise<number> {
  const engine = app.get(DecisionEngine);
  search: for (let at = from; at < from + 3_600_000; at += 1_000) {
    for (const [pair, action] of Object.entries(wanted)) {
      const decision = await engine.decide({ pair, at, outcome: 'hold' });
      if (decision.action !== action || decision.confidence < threshold) continue search;
    }
    return at;
  }
  throw new Error(`no ${JSON.stringify(wanted)} within an hour of the simulated market`);
}
