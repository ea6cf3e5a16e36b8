import request from 'supertest';
import { TEST_API_KEY } from './support/test-app';
import { useTradingApp } from './support/use-trading-app';

const READ_KEY = 'read-key-0123456789abcdef';
const KILL_KEY = 'kill-key-0123456789abcdef';

interface Route {
  method: string;
  path: string;
}

/** FFE_READ_API_KEY reads, FFE_KILL_API_KEY halts, FFE_API_KEY does everything. */
describe('scoped API keys, on every route of the OpenAPI document', () => {
  const fixture = useTradingApp({ FFE_READ_API_KEY: READ_KEY, FFE_KILL_API_KEY: KILL_KEY });
  let routes: Route[];
  const send = (route: Route, key: string) => {
    const call = request(fixture.app.getHttpServer())
      [route.method.toLowerCase() as 'get' | 'post' | 'patch'](route.path)
      .set('X-API-Key', key);
    return route.method === 'GET' ? call : call.send({});
  };
  const isKillRoute = ({ method, path }: Route) =>
    (method === 'GET' && path === '/api/v1/bot/status') ||
    (method === 'POST' && path === '/api/v1/bot/emergency-stop');

  beforeAll(async () => {
    const docs = await request(fixture.app.getHttpServer()).get('/docs-json').expect(200);
    routes = Object.entries<Record<string, unknown>>(docs.body.paths)
      .filter(([template]) => template.startsWith('/api/v1'))
      .flatMap(([template, operations]) =>
        Object.keys(operations).map((method) => ({
          method: method.toUpperCase(),
          path: template.replace(/\{[^}]+\}/g, 'pos-1'),
        })),
      );
  });

  it('answers the read key 403 "read-only" on every route that is not a GET', async () => {
    const writes = routes.filter((route) => route.method !== 'GET');
    expect(writes.length).toBeGreaterThan(5);
    for (const route of writes) {
      const reply = await send(route, READ_KEY);
      expect({ route, status: reply.status }).toEqual({ route, status: 403 });
      expect(reply.body).toMatchObject({ code: 'FORBIDDEN' });
      expect(reply.body.message).toMatch(/this key is read-only/);
    }
  });

  it('lets the read key GET every GET route', async () => {
    const reads = routes.filter((route) => route.method === 'GET');
    expect(reads.length).toBeGreaterThan(5);
    for (const route of reads) {
      const reply = await send(route, READ_KEY);
      expect({ route, status: reply.status }).toEqual({ route, status: 200 });
    }
  });

  it('answers the kill key 403 naming its scope everywhere but the status and the emergency stop', async () => {
    const others = routes.filter((route) => !isKillRoute(route));
    expect(others.length).toBe(routes.length - 2);
    for (const route of others) {
      const reply = await send(route, KILL_KEY);
      expect({ route, status: reply.status }).toEqual({ route, status: 403 });
      expect(reply.body.message).toMatch(/this key is the kill switch's/);
    }
  });

  it('keeps the open routes open whatever key is sent', async () => {
    for (const key of [READ_KEY, KILL_KEY]) {
      await request(fixture.app.getHttpServer()).get('/health').set('X-API-Key', key).expect(200);
    }
  });

  it('lets the full key write', async () => {
    await request(fixture.app.getHttpServer())
      .post('/api/v1/bot/stop')
      .set('X-API-Key', TEST_API_KEY)
      .expect(200);
  });

  it("lets the kill key read the bot's status and latch the emergency stop", async () => {
    const server = fixture.app.getHttpServer();
    const before = await request(server).get('/api/v1/bot/status').set('X-API-Key', KILL_KEY);
    expect(before.status).toBe(200);
    await request(server)
      .post('/api/v1/bot/emergency-stop?close_positions=true')
      .set('X-API-Key', KILL_KEY)
      .expect(200);
    const after = await request(server).get('/api/v1/bot/status').set('X-API-Key', READ_KEY);
    expect(after.body.state).toBe('emergency_stopped');
  });

  it('answers a key that is none of them 403 "not valid"', async () => {
    const reply = await request(fixture.app.getHttpServer())
      .get('/api/v1/bot/status')
      .set('X-API-Key', `${READ_KEY}x`)
      .expect(403);
    expect(reply.body.message).toMatch(/not valid/);
  });
});
