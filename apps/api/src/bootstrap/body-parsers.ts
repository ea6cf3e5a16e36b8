import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyBodyParser } from 'fastify';
import { jsonBodyParser } from '../common/http/json-body';

/** Our JSON parser (depth-bounded) in place of Nest's default. */
export function registerBodyParsers(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  // 'error': a body with __proto__ or constructor.prototype is refused, as Fastify's default.
  const fastifyJson = fastify.getDefaultJsonParser(
    'error',
    'error',
  ) as unknown as FastifyBodyParser<Buffer>;
  app.useBodyParser('application/json', { bodyLimit }, jsonBodyParser(fastifyJson));
}
