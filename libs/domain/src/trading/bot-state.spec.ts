import { ConflictError } from '../errors';
import { planStart, stateAfterStop, type RunParams } from './bot-state';

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
    expect(stateAfterStop('running')).toBe('stopped');
  });
});
