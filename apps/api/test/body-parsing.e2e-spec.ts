import { loopbackPort, sendRaw } from './support/raw-http';
import { TEST_API_KEY } from './support/test-app';
import { useTradingApp } from './support/use-trading-app';

const deepArrays = (depth: number) => `{"asset_pair":${'['.repeat(depth)}${']'.repeat(depth)}}`;
const deepObjects = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** Bodies as a client sends them, over a raw socket: exact headers, exact bytes. */
describe('request bodies: nesting bounded at parse time, an empty body is {}', () => {
  const fixture = useTradingApp();
  const post = async (target: string, body: string, contentType = 'application/json') =>
    sendRaw(await loopbackPort(fixture.app), {
      method: 'POST',
      target,
      headers: { 'x-api-key': TEST_API_KEY, 'content-type': contentType },
      body,
    });
  const routes = ['/api/v1/bot/start', '/api/v1/decisions', '/api/v1/bot/manual-trade'];

  describe.each([
    ['1,500 nested arrays', deepArrays(1_500)],
    ['1,500 nested objects', deepObjects(1_500)],
    ['33 nested arrays', deepArrays(33)],
  ])('%s', (_name, body) => {
    it.each(routes)('answers %s with a 400 naming the body, not a 500', async (route) => {
      const reply = await post(route, body);
      expect(reply.status).toBe(400);
      const error = JSON.parse(reply.body);
      expect(error).toMatchObject({ statusCode: 400, code: 'BODY_INVALID_JSON' });
      expect(error.fields).toEqual([expect.objectContaining({ field: 'body' })]);
      expect(error.message).toMatch(/deeper than 32/);
    });
  });

  it('parses a body within the bound and lets validation name the field', async () => {
    const reply = await post('/api/v1/decisions', deepArrays(31));
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body)).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('does not count brackets inside strings', async () => {
    const reply = await post('/api/v1/decisions', `{"asset_pair":"${'[{'.repeat(100)}\\""}`);
    expect(JSON.parse(reply.body).code).toBe('VALIDATION_FAILED');
  });

  it.each([
    '{"asset_pair":"BTCUSD","__proto__":{"polluted":true}}',
    '{"asset_pair":"BTCUSD","constructor":{"prototype":{"polluted":true}}}',
  ])('still refuses prototype poisoning: %s', async (body) => {
    const reply = await post('/api/v1/decisions', body);
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body).fields[0].field).toBe('body');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('still answers malformed JSON with a 400 naming the body', async () => {
    const reply = await post('/api/v1/bot/stop', '{"close');
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body).code).toBe('BODY_INVALID_JSON');
  });

  it('answers a non-empty body of a type we do not read with a 415 naming the body', async () => {
    const reply = await post('/api/v1/bot/stop', 'stop please', 'text/plain');
    expect(reply.status).toBe(415);
    expect(JSON.parse(reply.body).fields[0].field).toBe('body');
  });

  it.each([
    ['/api/v1/bot/stop', 'application/json', ''],
    ['/api/v1/bot/stop', 'application/json; charset=utf-8', '\r\n'],
    ['/api/v1/bot/stop', 'application/x-www-form-urlencoded', ''],
    ['/api/v1/bot/emergency-stop', 'text/plain', ''],
    ['/api/v1/bot/emergency-stop', 'application/json', ''],
  ])('treats an empty body as {}: POST %s with %s', async (route, contentType, body) => {
    const reply = await post(route, body, contentType);
    expect(reply.status).toBe(200);
  });

  it('latched the emergency stop from those bodyless requests', async () => {
    const port = await loopbackPort(fixture.app);
    const reply = await sendRaw(port, {
      method: 'GET',
      target: '/api/v1/bot/status',
      headers: { 'x-api-key': TEST_API_KEY },
    });
    expect(JSON.parse(reply.body).state).toBe('emergency_stopped');
  });
});
