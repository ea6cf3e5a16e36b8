import type { FastifyBodyParser } from 'fastify';

/**
 * Deepest nesting of arrays and objects a JSON body may have. Our deepest DTO is three levels;
 * the validation pipe and class-transformer walk a body recursively, so a body 1,500 levels deep
 * overflowed their stack (a 500). 32 is far above any body we accept and far below any stack.
 * A constant, not a setting: no deployment has a reason to accept deeper bodies.
 */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]);
const CLOSERS = new Set([0x5d, 0x7d]);

/**
 * True when the JSON text nests arrays/objects deeper than `max`. One pass over the bytes,
 * skipping strings, before anything recursive sees the body. UTF-8 continuation bytes are all
 * ≥ 0x80, so they never look like a bracket or a quote.
 */
export function nestsDeeperThan(body: Buffer, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (OPENERS.has(byte)) {
      if (++depth > max) return true;
    } else if (CLOSERS.has(byte)) {
      depth--;
    }
  }
  return false;
}

/** Only whitespace: what a client that always sends Content-Type sends when it has no body. */
export function isEmptyBody(body: Buffer): boolean {
  return body.toString('utf8').trim().length === 0;
}

/**
 * A body-parsing failure Nest maps to an HttpException of its status (it recognises Fastify's
 * errors by name and statusCode), so the error filter answers it naming the body.
 */
export class BodyParseError extends Error {
  override readonly name = 'FastifyError';
  constructor(
    message: string,
    readonly statusCode: number,
    readonly code: string,
  ) {
    super(message);
  }
}

/**
 * application/json: an empty body is `{}` (a kill switch must never fail on a header), a body
 * nested deeper than MAX_JSON_DEPTH is a 400, anything else goes to Fastify's own parser, which
 * keeps its __proto__ / constructor poisoning checks.
 */
export function jsonBodyParser(fastifyJson: FastifyBodyParser<Buffer>): FastifyBodyParser<Buffer> {
  return (request, body, done) => {
    if (isEmptyBody(body)) return done(null, {});
    if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
      return done(
        new BodyParseError(`Body nests deeper than ${MAX_JSON_DEPTH} levels`, 400, 'BODY_TOO_DEEP'),
        undefined,
      );
    }
    return fastifyJson(request, body, done);
  };
}

/** Any other media type: empty is `{}` like JSON; a body of a type we do not read is a 415. */
export const otherBodyParser: FastifyBodyParser<Buffer> = (request, body, done) => {
  if (isEmptyBody(body)) return done(null, {});
  return done(
    new BodyParseError(
      `Unsupported Media Type: ${request.headers['content-type'] ?? ''}`,
      415,
      'FST_ERR_CTP_INVALID_MEDIA_TYPE',
    ),
    undefined,
  );
};
