import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyBodyParser } from 'fastify';
import { jsonBodyParser, otherBodyParser } from '../common/http/json-body';

/**
 * Our body parsers in place of Nest's defaults: JSON (depth-bounded, empty is `{}`) and a
 * catch-all for every other media type (empty is `{}`, anything else 415). The API reads JSON
 * only, so Fastify's text/plain parser goes and Nest's urlencoded one is never registered.
 */
export function registerBodyParsers(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  // 'error': a body with __proto__ or constructor.prototype is refused, as Fastify's default.
  const fastifyJson = fastify.getDefaultJsonParser(
    'error',
    'error',
  ) as unknown as FastifyBodyParser<Buffer>;
  app.useBodyParser('application/json', { bodyLimit }, jsonBodyParser(fastifyJson));
  fastify.removeContentTypeParser('text/plain');
  app.useBodyParser('*', { bodyLimit }, otherBodyParser);
}
