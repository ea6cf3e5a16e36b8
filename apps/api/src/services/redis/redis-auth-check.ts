import { ConfigError } from '../../config/app-config';
import type { RedisClient } from './redis-client.factory';

/** Redis' refusals of our credentials (a wrong password, none where one is required). */
const AUTH_REFUSED = /WRONGPASS|NOAUTH|invalid password/i;

/**
 * Waits for the first connection: a password Redis refuses is a wrong setting and stops the
 * start with the one line that names it. Redis merely unreachable does not (the app starts
 * degraded and readiness says so), hence the bound.
 */
export function assertCredentialsAccepted(client: RedisClient, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const finish = (error?: Error) => {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('error', onError);
      if (error) reject(error);
      else resolve();
    };
    const onReady = () => finish();
    const onError = (error: Error & { lastNodeError?: Error }) => {
      const reason = [error.message, error.lastNodeError?.message].find(
        (message) => message && AUTH_REFUSED.test(message),
      );
      if (reason) finish(new ConfigError('REDIS_PASSWORD', `is refused by Redis (${reason})`));
    };
    const timer = setTimeout(() => finish(), timeoutMs);
    client.on('ready', onReady);
    client.on('error', onError);
  });
}
