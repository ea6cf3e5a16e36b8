import { maskUrlCredentials } from '@ffe/contracts';
import { UnavailableError } from '@ffe/domain';
import { QUEUE_ADD_TIMEOUT_MS } from './queue.constants';

/**
 * Runs a queue command (an add) for a request: bounded in time, and a Redis failure becomes a
 * retryable 503 that says why — Redis full (`STATE.FULL`) or not answering
 * (`QUEUE.UNAVAILABLE`) — instead of a hang or a 500.
 */
export async function boundedQueueCall<T>(
  operation: () => Promise<T>,
  timeoutMs = QUEUE_ADD_TIMEOUT_MS,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new UnavailableError(
            'QUEUE.UNAVAILABLE',
            `the job queue (Redis) did not answer within ${timeoutMs} ms; retry later`,
          ),
        ),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([operation(), timeout]);
  } catch (error) {
    throw toUnavailable(error);
  } finally {
    clearTimeout(timer);
  }
}

function toUnavailable(error: unknown): unknown {
  if (error instanceof UnavailableError) return error;
  const message = maskUrlCredentials(error instanceof Error ? error.message : String(error));
  if (/^OOM\b/.test(message)) {
    return new UnavailableError(
      'STATE.FULL',
      'Redis is out of memory (maxmemory reached, nothing evictable): no job can be queued until memory is freed',
      { cause: error },
    );
  }
  return new UnavailableError('QUEUE.UNAVAILABLE', `the job queue (Redis) failed: ${message}`, {
    cause: error,
  });
}
