import { scheduledTime } from './scheduled-time';

describe('scheduledTime', () => {
  it("reads a scheduler job's due time from its id, not its creation time", () => {
    expect(
      scheduledTime({ id: 'repeat:trading-cycle:1796112000000', timestamp: 1796111999123 }),
    ).toBe(1796112000000);
  });

  it('falls back to the timestamp for a job a scheduler did not produce', () => {
    expect(scheduledTime({ id: 'manual-7', timestamp: 1796111999123 })).toBe(1796111999123);
    expect(scheduledTime({ timestamp: 42 })).toBe(42);
  });
});
