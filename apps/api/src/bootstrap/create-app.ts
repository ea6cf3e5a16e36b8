import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule, type ModuleImport } from '../app.module';
import { HttpMetrics } from '../common/http/http-metrics';
import { createValidationPipe } from '../common/http/validation.pipe';
import type { AppConfig } from '../config/app-config';
import { registerBodyParsers } from './body-parsers';
import { httpServerOptions } from './http-server-options';
import { setupSwagger } from './swagger';

/**
 * Builds the application exactly as production runs it — adapter, pipes, filter, docs — so the
 * e2e tests exercise the real thing. It does not listen; main.ts (or a test) does.
 */
export async function createApp(
  config: AppConfig,
  options: { imports?: ModuleImport[] } = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter(httpServerOptions(config.http));
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, options.imports),
    adapter,
    {
      bufferLogs: true,
    },
  );
  app.useLogger(app.get(Logger));
  // Before the routes are registered (at init), so the hook covers every one of them.
  new HttpMetrics().install(adapter.getInstance());
  registerBodyParsers(app, config.http.bodyLimitBytes);
  app.useGlobalPipes(createValidationPipe());
  setupSwagger(app);
  return app;
}
