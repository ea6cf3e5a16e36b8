import {
  acceptsEntries,
  ConflictError,
  EMERGENCY_STOPPED,
  type BotState,
  type Decision,
  type OrderResult,
} from '@ffe/domain';
import type { BotSnapshot } from '../../services/bot-state/bot-state.store';

/** Why a cycle enters no more: the bot's state, or `stale` once a later cycle has started. */
export type Halt = BotState | 'stale';

/** What acting on one decision did; `halt` is set when it found the bot no longer running. */
export interface ActOutcome {
  decision: Decision;
  opened: number;
  closed: number;
  halt?: Halt;
}

/** How a decision records what its order (or its reversal's close) did. */
export function recordOf(result: OrderResult): Pick<Decision, 'outcome' | 'note'> {
  if (result.keyedClose) return { outcome: 'executed', note: `closed ${result.keyedClose.id}` };
  const outcome =
    result.status === 'dry_run'
      ? 'dry_run'
      : result.status === 'rejected'
        ? 'rejected'
        : 'executed';
  return { outcome, note: result.reason ?? result.orderId };
}

/** A decision not acted on because the bot stopped; `halt` tells the loop to act on no more. */
export function haltedOutcome(decision: Decision, state: Halt): ActOutcome {
  const note =
    state === 'stale' ? 'a later cycle has run: no order placed' : `bot ${state}: no order placed`;
  return { decision: { ...decision, outcome: 'halted', note }, opened: 0, closed: 0, halt: state };
}

/** What forbids a cycle at `at` to enter, as the bot snapshot says. */
export function haltOfSnapshot(bot: BotSnapshot, at: number): Halt | undefined {
  if (!acceptsEntries(bot.state)) return bot.state;
  return (bot.lastCycleAt ?? 0) > at ? 'stale' : undefined;
}

/** The state an entry refused at the platform boundary names; any other error is rethrown. */
export function haltOf(error: unknown): BotState {
  if (error instanceof ConflictError && error.code === EMERGENCY_STOPPED) {
    return 'emergency_stopped';
  }
  throw error;
}
