import { Writable } from 'node:stream';
import pino from 'pino';
import { pinoHttpOptions } from './logger.options';
import { isSecretName, redactUrl } from './redaction';

const SECRET = 'sekrit-0123456789';

/** The app's logger options writing to memory: what would reach stdout. */
function capturingLogger(): { logger: pino.Logger; output: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  const logger = pino(pinoHttpOptions({ logLevel: 'info' }) as pino.LoggerOptions, stream);
  return { logger, output: () => text };
}

describe('log redaction', () => {
  it('censors secret-named fields at any depth, in arrays too', () => {
    const { logger, output } = capturingLogger();
    logger.info({
      config: { trading: { coinbase: { apiKey: SECRET, apiSecret: SECRET, pairs: ['BTCUSD'] } } },
      list: [{ token: SECRET }, { nested: [{ private_key: SECRET }] }],
      a: { b: { c: { d: { e: { f: { password: SECRET, REDIS_PASSWORD: SECRET } } } } } },
      headers: { 'proxy-authorization': SECRET, 'x-api-key': SECRET, cookie: SECRET },
      passphrase: SECRET,
    });
    const line = JSON.parse(output()) as Record<string, unknown>;
    expect(output()).not.toContain(SECRET);
    expect(line).toMatchObject({
      config: { trading: { coinbase: { apiKey: '[redacted]', pairs: ['BTCUSD'] } } },
      a: { b: { c: { d: { e: { f: { password: '[redacted]' } } } } } },
    });
  });

  it('masks URL credentials in messages, fields and errors', () => {
    const { logger, output } = capturingLogger();
    logger.warn(
      { target: `redis://:${SECRET}@redis:6379` },
      `connect redis://u:${SECRET}@h failed`,
    );
    logger.error({ err: new Error(`cannot reach redis://:${SECRET}@redis:6379`) }, 'boom');
    expect(output()).not.toContain(SECRET);
    expect(output()).toContain('redis://***@redis:6379');
  });

  it('survives a cycle and bounds the depth', () => {
    const { logger, output } = capturingLogger();
    const cyclic: Record<string, unknown> = { token: SECRET };
    cyclic.self = cyclic;
    logger.info({ cyclic });
    expect(output()).not.toContain(SECRET);
    expect(output()).toContain('[too deep]');
  });

  it.each([
    ['/api/v1/status?api_key=S&x=1', '/api/v1/status?api_key=[redacted]&x=1'],
    [
      '/a?token=S&Access_Token=S&apiKey=S',
      '/a?token=[redacted]&Access_Token=[redacted]&apiKey=[redacted]',
    ],
    ['/a?api%5Fkey=S', '/a?api%5Fkey=[redacted]'],
    ['/a?tokens_used=3', '/a?tokens_used=3'],
    ['/a', '/a'],
  ])('redacts the query of %s', (url, redacted) => {
    expect(redactUrl(url)).toBe(redacted);
  });

  it.each(['apiKey', 'api_key', 'x-api-key', 'COINBASE_API_SECRET', 'refreshToken', 'passphrase'])(
    '%s is a secret name',
    (name) => expect(isSecretName(name)).toBe(true),
  );
  it.each(['symbol', 'tokens_used', 'idempotency_key', 'pair'])('%s is not', (name) =>
    expect(isSecretName(name)).toBe(false),
  );
});
