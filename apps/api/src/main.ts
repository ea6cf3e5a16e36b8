import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { createApp } from './bootstrap/create-app';
import { createShutdown } from './bootstrap/graceful-shutdown';
import { maskUrlCredentials } from '@ffe/contracts';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config';
import { LifecycleService } from './services/lifecycle/lifecycle.service';

/**
 * Entry point: validate config (one line and exit 1 if wrong), build the app, listen, and
 * install the signal handlers that drain it.
 */
async function main(): Promise<void> {
  const config = readConfigOrExit();
  const app = await createApp(config);
  const logger = app.get(Logger);
  const lifecycle = app.get(LifecycleService);
  const shutdown = createShutdown({
    app,
    lifecycle,
    timeoutMs: config.shutdownTimeoutMs,
    log: (message, fields) => logger.log({ ...fields, msg: message }, 'Shutdown'),
    exit: (code) => process.exit(code),
  });
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.http.port, host: config.http.host });
  lifecycle.markReady();
  logger.log(
    { port: config.http.port, host: config.http.host, authDisabled: config.auth.disabled },
    'ffe-api listening',
  );
}

function readConfigOrExit(): AppConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`ffe-api: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

main().catch((error: unknown) => {
  // A setting found wrong only once the app runs (a password Redis refuses): the same one line.
  if (error instanceof ConfigError) {
    process.stderr.write(`ffe-api: ${error.message}\n`);
    process.exit(1);
  }
  // A driver's message may quote the URL it was given; its credentials never reach the line.
  process.stderr.write(
    `ffe-api: failed to start: ${maskUrlCredentials((error as Error).message)}\n`,
  );
  process.exit(1);
});
