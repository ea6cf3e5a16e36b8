import { UnavailableError } from '@ffe/domain';

/**
 * Runs a state-store command; a Redis failure becomes the domain's UnavailableError, which
 * the API answers with a retryable 503 instead of a 500.
 */
export async function stateCall<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw new UnavailableError('STATE.UNAVAILABLE', 'the state store (Redis) is unavailable', {
      cause: error,
    });
  }
}
