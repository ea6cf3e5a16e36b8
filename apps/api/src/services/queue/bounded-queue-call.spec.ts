import { UnavailableError } from '@ffe/domain';
import { boundedQueueCall } from './bounded-queue-call';

describe('boundedQueueCall', () => {
  it('gives up after the bound with QUEUE.UNAVAILABLE', async () => {
    const never = new Promise<never>(() => undefined);
    const error = await boundedQueueCall(() => never, 50).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error).toMatchObject({ code: 'QUEUE.UNAVAILABLE' });
  });

  it('names a full Redis STATE.FULL and keeps the driver error as the cause', async () => {
    const oom = new Error("OOM command not allowed when used memory > 'maxmemory'.");
    const error = await boundedQueueCall(() => Promise.reject(oom)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STATE.FULL', cause: oom });
  });

  it('masks credentials a driver message may carry', async () => {
    const failure = new Error('connect to redis://:pw-secret@h failed');
    const error = (await boundedQueueCall(() => Promise.reject(failure)).catch(
      (e: unknown) => e,
    )) as Error;
    expect(error.message).toContain('redis://***@h');
    expect(error.message).not.toContain('pw-secret');
  });

  it('passes a result through', async () => {
    await expect(boundedQueueCall(async () => 42)).resolves.toBe(42);
  });
});
