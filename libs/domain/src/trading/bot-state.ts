import { ConflictError } from '../errors';

/** The bot's lifecycle; `emergency_stopped` is latched until an explicit start. */
export const BOT_STATES = [
  'stopped',
  'starting',
  'running',
  'stopping',
  'emergency_stopped',
] as const;
export type BotState = (typeof BOT_STATES)[number];

/** The value `ffe_agent_state` exports for each state. */
export const BOT_STATE_VALUES: Record<BotState, number> = {
  stopped: 0,
  starting: 1,
  running: 2,
  stopping: 3,
  emergency_stopped: 4,
};

/** Parameters of a run, as `POST /bot/start` takes them. */
export interface RunParams {
  asset_pairs: string[];
  autonomous: boolean;
  /** Fractions of the entry price (0.05 = 5 %). */
  take_profit: number;
  stop_loss: number;
  dry_run: boolean;
}

/** Risk settings, as `PATCH /bot/config` takes them. */
export interface RiskSettings {
  /** Most of the portfolio one trade may lose at its stop, in percent. */
  stop_loss_pct: number;
  /** Notional of one new position as a percent of portfolio value. */
  position_size_pct: number;
  /** Minimum ensemble confidence (0..1) to act on. */
  confidence_threshold: number;
  max_concurrent_trades: number;
}

export type BotConfig = RunParams & RiskSettings;

/** What a start does from each state. */
export type StartPlan = { kind: 'start' } | { kind: 'already_running' };

/**
 * A start from `stopped` or `emergency_stopped` starts; a start while running with the same
 * parameters is a no-op; with different ones it is a conflict naming them.
 */
export function planStart(state: BotState, current: RunParams | undefined, wanted: RunParams) {
  if (state === 'stopped' || state === 'emergency_stopped') return { kind: 'start' } as StartPlan;
  if (state === 'stopping') {
    throw new ConflictError('BOT.STOPPING', 'the bot is stopping; start it again once stopped');
  }
  const differing = current ? differingParams(current, wanted) : [];
  if (differing.length > 0) {
    throw new ConflictError(
      'BOT.ALREADY_RUNNING',
      `the bot is already running with different ${differing.join(', ')}; stop it first`,
    );
  }
  return { kind: 'already_running' } as StartPlan;
}

export function differingParams(current: RunParams, wanted: RunParams): (keyof RunParams)[] {
  const keys: (keyof RunParams)[] = [
    'asset_pairs',
    'autonomous',
    'take_profit',
    'stop_loss',
    'dry_run',
  ];
  return keys.filter((key) => JSON.stringify(current[key]) !== JSON.stringify(wanted[key]));
}

/** Stop and emergency stop never fail: from any state they land in their target state. */
export function stateAfterStop(state: BotState): BotState {
  return state === 'emergency_stopped' ? 'emergency_stopped' : 'stopped';
}
