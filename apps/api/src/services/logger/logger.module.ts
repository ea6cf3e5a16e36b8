import { Module } from '@nestjs/common';
import { LoggerModule as PinoLoggerModule } from 'nestjs-pino';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.tokens';
import { REDACTED_PATHS } from './redaction';

/** Structured JSON logs (pino), one line per event, secrets redacted. */
@Module({
  imports: [
    PinoLoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.logLevel,
          name: 'ffe-api',
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
          // Probes and scrapes every few seconds would drown the log.
          autoLogging: { ignore: (req) => /^\/(live|ready|metrics)\b/.test(req.url ?? '') },
        },
      }),
    }),
  ],
})
export class LoggerModule {}
