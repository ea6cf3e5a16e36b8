import { Inject, Injectable } from '@nestjs/common';
import { BOT_STATES, UnavailableError, type BotConfig, type BotState } from '@ffe/domain';
import type { RedisClient } from '../redis/redis-client.factory';
import { REDIS_STATE } from '../redis/redis.tokens';
import { stateCall } from '../redis/state-call';
import { DEFAULT_BOT_CONFIG } from './bot-state.defaults';

const KEY = 'ffe:bot';
const AUDIT = 'ffe:bot:audit';
const AUDIT_MAXLEN = 10_000;

/** The bot as Redis holds it; survives restarts and is shared by every replica. */
export interface BotSnapshot {
  state: BotState;
  config: BotConfig;
  version: number;
  startedAt?: number;
  peakValue?: number;
  lastDecisionAt?: number;
  portfolioValue?: number;
  activePositions?: number;
  /** The fence: the time of the newest cycle that has started (`enterCycle`). */
  lastCycleAt?: number;
}

export type BotChange = Partial<{
  state: BotState;
  config: BotConfig;
  startedAt: number;
  /**
   * Sets the drawdown kill switch's peak outright, in the same step as the rest of the change:
   * how an explicit start resets it to the portfolio value it starts from. The trading cycle
   * only ever raises it (`raisePeak`).
   */
  peakValue: number;
}>;

/**
 * Compare-and-set: applies the fields only if nobody changed the bot since it was read, and
 * appends the audit entry in the same step. KEYS: bot, audit. ARGV: version, audit JSON,
 * maxlen, then field/value pairs.
 */
const CAS = `
if tostring(redis.call('HGET', KEYS[1], 'version') or '0') ~= ARGV[1] then return 0 end
for i = 4, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', 'entry', ARGV[2])
return 1
`;

/** KEYS: bot. ARGV: cycle time. Returns {1, time} when it entered, else {0, the fence}. */
const ENTER_CYCLE = `
local fence = redis.call('HGET', KEYS[1], 'last_cycle_at') or '0'
if tonumber(ARGV[1]) < tonumber(fence) then return {0, fence} end
redis.call('HSET', KEYS[1], 'last_cycle_at', ARGV[1])
return {1, ARGV[1]}
`;

/**
 * The bot's state, configuration and audit trail in Redis (no TTL: state, never evicted).
 * Every change is a compare-and-set with its audit entry, so concurrent requests on any
 * replica serialise and nothing changes unaudited.
 */
@Injectable()
export class BotStateStore {
  constructor(@Inject(REDIS_STATE) private readonly redis: RedisClient) {}

  async read(): Promise<BotSnapshot> {
    const raw = await this.guard(() => this.redis.hgetall(KEY));
    const state = BOT_STATES.includes(raw.state as BotState) ? (raw.state as BotState) : 'stopped';
    return {
      state,
      config: withStopLossPct(
        raw.config ? { ...DEFAULT_BOT_CONFIG, ...JSON.parse(raw.config) } : DEFAULT_BOT_CONFIG,
      ),
      version: Number(raw.version ?? 0),
      startedAt: num(raw.started_at),
      peakValue: num(raw.peak_value),
      lastDecisionAt: num(raw.last_decision_at),
      portfolioValue: num(raw.portfolio_value),
      activePositions: num(raw.active_positions),
      lastCycleAt: num(raw.last_cycle_at),
    };
  }

  /**
   * Reads, lets `plan` decide the change (or none), and writes it with its audit entry if the
   * bot did not change meanwhile; retries on a concurrent change.
   */
  async update<T>(
    plan: (snapshot: BotSnapshot) => { change?: BotChange; audit?: object; result: T },
  ): Promise<T> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const snapshot = await this.read();
      const { change, audit, result } = plan(snapshot);
      if (!change) return result;
      const fields: string[] = [];
      if (change.state) fields.push('state', change.state);
      if (change.config) fields.push('config', JSON.stringify(withStopLossPct(change.config)));
      if (change.startedAt !== undefined) fields.push('started_at', String(change.startedAt));
      if (change.peakValue !== undefined) fields.push('peak_value', String(change.peakValue));
      const entry = JSON.stringify({ at: new Date().toISOString(), ...audit });
      const applied = await this.guard(() =>
        this.redis.eval(
          CAS,
          2,
          KEY,
          AUDIT,
          String(snapshot.version),
          entry,
          AUDIT_MAXLEN,
          ...fields,
        ),
      );
      if (applied === 1) return result;
    }
    throw new UnavailableError('BOT.CONTENDED', 'the bot state kept changing; retry');
  }

  /** Figures the trading cycle publishes for every replica's /metrics and status. */
  async publish(figures: {
    portfolioValue: number;
    activePositions: number;
    lastDecisionAt?: number;
  }): Promise<void> {
    const fields: Record<string, string> = {
      portfolio_value: String(figures.portfolioValue),
      active_positions: String(figures.activePositions),
    };
    if (figures.lastDecisionAt !== undefined) {
      fields.last_decision_at = String(figures.lastDecisionAt);
    }
    await this.guard(() => this.redis.hset(KEY, fields));
  }

  /** Raises the recorded peak portfolio value (never lowers it); returns the peak. */
  async raisePeak(value: number): Promise<number> {
    const script = `
local peak = tonumber(redis.call('HGET', KEYS[1], 'peak_value') or '0')
if tonumber(ARGV[1]) > peak then redis.call('HSET', KEYS[1], 'peak_value', ARGV[1]); return ARGV[1] end
return tostring(peak)`;
    return Number(await this.guard(() => this.redis.eval(script, 1, KEY, String(value))));
  }

  /**
   * The cycle fence: a cycle at `at` enters only if no later cycle has started, raising
   * `last_cycle_at` to its time in the same step (a re-run of the newest cycle, same time,
   * enters again). Not audited: it is bookkeeping of the cycles, not an operator's change, and
   * leaves `version` alone so it never contends with one.
   */
  async enterCycle(at: number): Promise<{ entered: boolean; fence: number }> {
    const [entered, fence] = (await this.guard(() =>
      this.redis.eval(ENTER_CYCLE, 1, KEY, String(at)),
    )) as [number, string];
    return { entered: entered === 1, fence: Number(fence) };
  }

  /** The audit trail, newest first. */
  async audit(limit: number): Promise<object[]> {
    const entries = await this.guard(() => this.redis.xrevrange(AUDIT, '+', '-', 'COUNT', limit));
    return entries.map(([, fields]) => JSON.parse(fields[1]) as object);
  }

  private guard<T>(operation: () => Promise<T>): Promise<T> {
    return stateCall(operation);
  }
}

/**
 * The stop-loss distance is one setting: `stop_loss`, a fraction of the entry price (what
 * `POST /bot/start` takes and the cycle places stops with), is the source of truth, and
 * `stop_loss_pct` is the same distance in percent (what `PATCH /bot/config` takes). Every read
 * and every write derives the percent from the fraction, so the two can never disagree; a
 * stored config from before (when `stop_loss_pct` capped the size instead) reads as the stop
 * distance that was actually in force.
 */
export function withStopLossPct(config: BotConfig): BotConfig {
  return { ...config, stop_loss_pct: stopLossPct(config.stop_loss) };
}

/** A fraction of the entry price in percent (0.07 → 7, not 7.000000000000001). */
export function stopLossPct(stopLoss: number): number {
  return Math.round(stopLoss * 100 * 1e9) / 1e9;
}

function num(value: string | undefined): number | undefined {
  return value === undefined || value === '' ? undefined : Number(value);
}
