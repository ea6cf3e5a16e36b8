import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { testRedisUrl, waitFor } from '@ffe/testing';
import request from 'supertest';
import type { ModuleImport } from '../../src/app.module';
import { createApp } from '../../src/bootstrap/create-app';
import { loadConfig, type AppConfig } from '../../src/config/app-config';
import { LifecycleService } from '../../src/services/lifecycle/lifecycle.service';

export const TEST_API_KEY = 'test-key-0123456789abcdef';

/** A config as production would load it from these variables, against the test Redis. */
export function testConfig(env: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    FFE_API_KEY: TEST_API_KEY,
    REDIS_URL: testRedisUrl(),
    // The limit is counted in Redis, which suites on the shared test Redis would share within
    // a minute; rate-limit.e2e-spec sets its own on its own Redis.
    RATE_LIMIT_PER_MINUTE: '1000000',
    ...env,
  });
}

/**
 * Boots the real AppModule with the production adapter, pipes, filter and docs, marked ready
 * as main.ts does after listen. Use `app.getHttpServer()` with supertest.
 */
export async function startTestApp(
  config: AppConfig = testConfig(),
  imports: ModuleImport[] = [],
): Promise<NestFastifyApplication> {
  const app = await createApp(config, { imports });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  app.get(LifecycleService).markReady();
  // Redis connects asynchronously; tests start from a ready app, as traffic would.
  await waitFor(async () => (await request(app.getHttpServer()).get('/ready')).status === 200, {
    what: 'the test app to become ready',
  });
  return app;
}
