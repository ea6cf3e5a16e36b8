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
  /** Distance of a new entry's stop-loss from its price, in percent (`stop_loss` × 100). */
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
 * A start from `stopped`, `stopping` or `emergency_stopped` starts; a start while running (or
 * starting) with the same parameters is a no-op; with different ones it is a conflict naming
 * them. A start while `stopping` resumes at once: stopping only waits for the next cycle to
 * settle it, and nothing is in flight that a new run could collide with.
 */
export function planStart(state: BotState, current: RunParams | undefined, wanted: RunParams) {
  if (state === 'stopped' || state === 'stopping' || state === 'emergency_stopped') {
    return { kind: 'start' } as StartPlan;
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

/**
 * A stop never fails. A live run (`running`, or `starting` between its two writes) goes to
 * `stopping`: no cycle enters from then on, and the next cycle settles it to `stopped`. A
 * repeated stop keeps `stopping`; a stopped bot stays stopped; the emergency latch stays.
 */
export function stateAfterStop(state: BotState): BotState {
  if (state === 'running' || state === 'starting') return 'stopping';
  return state;
}

/** Only a running bot opens positions (decisions → orders, pending limit orders). */
export function acceptsEntries(state: BotState): boolean {
  return state === 'running';
}

/** The code every refusal of a new entry during an emergency stop carries (a 409). */
export const EMERGENCY_STOPPED = 'BOT.EMERGENCY_STOPPED';

export function emergencyStoppedError(): ConflictError {
  return new ConflictError(EMERGENCY_STOPPED, 'emergency stop is latched; start the bot first');
}

/** What is wrong with a stored config for a run to resume with it (empty: it can run). */
export function runConfigProblems(config: BotConfig, knownPairs: readonly string[]): string[] {
  const problems: string[] = [];
  const pairs: unknown = config.asset_pairs;
  if (!Array.isArray(pairs) || pairs.length === 0) {
    problems.push('asset_pairs is empty');
  } else {
    const unknown = pairs.filter((pair) => !knownPairs.includes(pair as string));
    if (unknown.length > 0) problems.push(`unknown asset_pairs ${unknown.join(', ')}`);
  }
  for (const key of ['autonomous', 'dry_run'] as const) {
    if (typeof config[key] !== 'boolean') problems.push(`${key} is not a boolean`);
  }
  for (const key of [
    'take_profit',
    'stop_loss',
    'stop_loss_pct',
    'position_size_pct',
    'max_concurrent_trades',
  ] as const) {
    if (!(Number.isFinite(config[key]) && config[key] > 0)) problems.push(`${key} is not > 0`);
  }
  const threshold = config.confidence_threshold;
  if (!(Number.isFinite(threshold) && threshold >= 0 && threshold <= 1)) {
    problems.push('confidence_threshold is not within 0..1');
  }
  return problems;
}

/**
 * Where a trading cycle settles a state left between two steps. `stopping` → `stopped`: the
 * cycle that finds it enters nothing, and no earlier cycle can still be entering. `starting`
 * (a start that crashed between its two writes, or is between them now) → `running` when the
 * stored config can run — a restart resumes what Redis holds — else `stopped`, so it is never
 * stuck. Every other state stays.
 */
export function settledState(state: BotState, configProblems: readonly string[]): BotState {
  if (state === 'stopping') return 'stopped';
  if (state === 'starting') return configProblems.length === 0 ? 'running' : 'stopped';
  return state;
}
