import { createShutdown } from './graceful-shutdown';

function harness(close: (events: string[]) => Promise<void>, timeoutMs = 50) {
  const events: string[] = [];
  const exited = new Promise<number>((resolve) => {
    const shutdown = createShutdown({
      app: { close: () => close(events) },
      lifecycle: { markStopping: () => events.push('stopping') },
      timeoutMs,
      log: (message) => events.push(message),
      exit: (code) => resolve(code),
    });
    void shutdown('SIGTERM');
    void shutdown('SIGTERM'); // a second signal must not start a second drain
  });
  return { events, exited };
}

describe('createShutdown', () => {
  it('marks the app stopping before closing it, then exits 0', async () => {
    const closes: string[] = [];
    const { events, exited } = harness(async (seen) => {
      closes.push(`closed after ${seen.join(', ')}`);
    });
    expect(await exited).toBe(0);
    expect(closes).toEqual(['closed after stopping, shutdown started']);
    expect(events).toEqual(['stopping', 'shutdown started', 'shutdown complete']);
  });

  it('exits 1 when the drain outlives the bound', async () => {
    const { events, exited } = harness(() => new Promise<void>(() => undefined), 20);
    expect(await exited).toBe(1);
    expect(events).toContain('shutdown timed out; exiting');
  });

  it('exits 1 when closing fails', async () => {
    const { exited } = harness(async () => {
      throw new Error('boom');
    });
    expect(await exited).toBe(1);
  });
});
