import { ConflictError } from '../errors';
import {
  acceptsEntries,
  BOT_STATES,
  BOT_STATE_VALUES,
  emergencyStoppedError,
  planStart,
  runConfigProblems,
  settledState,
  stateAfterStop,
  type BotConfig,
  type RunParams,
} from './bot-state';

const params: RunParams = {
  asset_pairs: ['BTCUSD'],
  autonomous: true,
  take_profit: 0.05,
  stop_loss: 0.02,
  dry_run: false,
};

describe('bot state machine', () => {
  it('starts from stopped and from a latched emergency stop', () => {
    expect(planStart('stopped', undefined, params).kind).toBe('start');
    expect(planStart('emergency_stopped', params, params).kind).toBe('start');
  });
  it('is a no-op to start again with the same parameters', () => {
    expect(planStart('running', params, { ...params }).kind).toBe('already_running');
  });
  it('refuses a start with different parameters and names them', () => {
    const attempt = () =>
      planStart('running', params, { ...params, dry_run: true, stop_loss: 0.1 });
    expect(attempt).toThrow(ConflictError);
    expect(attempt).toThrow(/stop_loss, dry_run/);
  });
  it('keeps the emergency latch on a plain stop', () => {
    expect(stateAfterStop('emergency_stopped')).toBe('emergency_stopped');
  });
  it('stops a live run through stopping, and a repeated stop keeps the state it finds', () => {
    expect(stateAfterStop('running')).toBe('stopping');
    expect(stateAfterStop('starting')).toBe('stopping');
    expect(stateAfterStop('stopping')).toBe('stopping');
    expect(stateAfterStop('stopped')).toBe('stopped');
  });
  it('starts again from stopping: the run resumes instead of a 409', () => {
    expect(planStart('stopping', params, { ...params, dry_run: true }).kind).toBe('start');
  });
  it('is a no-op to start while starting with the same parameters, a 409 with others', () => {
    expect(planStart('starting', params, params).kind).toBe('already_running');
    expect(() => planStart('starting', params, { ...params, autonomous: false })).toThrow(
      /autonomous/,
    );
  });
  it('opens positions only while running', () => {
    expect(BOT_STATES.filter(acceptsEntries)).toEqual(['running']);
  });
  it('exports a distinct ffe_agent_state number for every state, stopping included', () => {
    expect(BOT_STATE_VALUES.stopping).toBe(3);
    expect(new Set(BOT_STATES.map((s) => BOT_STATE_VALUES[s])).size).toBe(BOT_STATES.length);
  });
  it('refuses entries during an emergency stop with a stable conflict code', () => {
    const error = emergencyStoppedError();
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.code).toBe('BOT.EMERGENCY_STOPPED');
  });
});

describe('settling a state a cycle finds between two steps', () => {
  const config: BotConfig = {
    ...params,
    stop_loss_pct: 2,
    position_size_pct: 10,
    confidence_threshold: 0.6,
    max_concurrent_trades: 5,
  };
  const known = ['BTCUSD', 'ETHUSD'];

  it('settles stopping to stopped', () => {
    expect(settledState('stopping', [])).toBe('stopped');
  });
  it('resumes a start left in starting when its config can run, else stops it', () => {
    expect(settledState('starting', runConfigProblems(config, known))).toBe('running');
    expect(settledState('starting', ['asset_pairs is empty'])).toBe('stopped');
  });
  it('leaves every other state as it is', () => {
    for (const state of ['stopped', 'running', 'emergency_stopped'] as const) {
      expect(settledState(state, [])).toBe(state);
    }
  });
  it('names what keeps a stored config from running', () => {
    expect(runConfigProblems(config, known)).toEqual([]);
    expect(runConfigProblems({ ...config, asset_pairs: [] }, known)).toEqual([
      'asset_pairs is empty',
    ]);
    expect(runConfigProblems({ ...config, asset_pairs: ['BTCUSD', 'NOPEUSD'] }, known)).toEqual([
      'unknown asset_pairs NOPEUSD',
    ]);
    const broken = { ...config, stop_loss: Number.NaN, confidence_threshold: 2 };
    expect(runConfigProblems(broken, known)).toEqual([
      'stop_loss is not > 0',
      'confidence_threshold is not within 0..1',
    ]);
  });
});
