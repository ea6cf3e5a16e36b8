import { maskUrlCredentials } from '@ffe/contracts';
import type { Options } from 'pino-http';
import type { AppConfig } from '../../config/app-config';
import { redactDeep, redactingSerializers } from './redaction';

/**
 * The app's pino-http options. Secrets are removed before a line is written: request targets,
 * headers, errors and every logged object are censored at any depth, messages have URL
 * credentials masked. Shared with the tests, which write the same logger to a stream.
 */
export function pinoHttpOptions(config: Pick<AppConfig, 'logLevel'>): Options {
  return {
    level: config.logLevel,
    name: 'ffe-api',
    serializers: redactingSerializers,
    formatters: { log: (object) => redactDeep(object) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((arg: unknown) =>
          typeof arg === 'string' ? maskUrlCredentials(arg) : arg,
        );
        method.apply(this, masked as Parameters<typeof method>);
      },
    },
    // Probes and scrapes every few seconds would drown the log.
    autoLogging: { ignore: (req) => /^\/(live|ready|metrics)\b/.test(req.url ?? '') },
  };
}
