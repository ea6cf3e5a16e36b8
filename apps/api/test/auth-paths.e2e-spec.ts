import request from 'supertest';
import { loopbackPort, sendRaw, type RawResponse } from './support/raw-http';
import { targetSpellings } from './support/target-spellings';
import { api } from './support/trading-env';
import { useTradingApp } from './support/use-trading-app';

interface Probe {
  method: string;
  target: string;
}

/**
 * Every route of the served OpenAPI document, sent without a key in every spelling of
 * target-spellings: each is refused (401) or matches nothing (404). Any other status means a
 * handler, a pipe or the router's error path ran for a client without a key.
 */
describe('protection by matched route, whatever the request target spells', () => {
  const fixture = useTradingApp();
  let probes: Probe[];

  beforeAll(async () => {
    const docs = await request(fixture.app.getHttpServer()).get('/docs-json').expect(200);
    probes = [];
    for (const [template, operations] of Object.entries<Record<string, unknown>>(docs.body.paths)) {
      if (!template.startsWith('/api/v1')) continue;
      const path = template.replace(/\{[^}]+\}/g, 'pos-1');
      // Fastify also serves every GET route to HEAD.
      const methods = Object.keys(operations).map((method) => method.toUpperCase());
      if (methods.includes('GET')) methods.push('HEAD');
      for (const method of methods) {
        for (const target of targetSpellings(path)) probes.push({ method, target });
      }
    }
  });

  it('answers 401 or 404 to every spelling of every /api/v1 route sent without a key', async () => {
    const port = await loopbackPort(fixture.app);
    const wrong: string[] = [];
    const statuses = new Map<number, number>();
    for (let i = 0; i < probes.length; i += 16) {
      const batch = probes.slice(i, i + 16);
      const replies = await Promise.all(batch.map((probe) => send(port, probe)));
      replies.forEach((reply, j) => {
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
        if (reply.status !== 401 && reply.status !== 404) {
          wrong.push(`${batch[j].method} ${batch[j].target} → ${reply.status}`);
        }
      });
    }
    expect(wrong).toEqual([]);
    // Spellings that reach a route must be refused, not merely miss: the battery is only a
    // test if many of them matched.
    expect(statuses.get(401) ?? 0).toBeGreaterThan(probes.length / 4);
    expect(probes.length).toBeGreaterThan(500);
  });

  it('left the bot as it was: nothing behind the routes ran', async () => {
    const status = await api(fixture.app).get('/api/v1/bot/status').expect(200);
    expect(status.body.state).toBe('stopped');
    const positions = await api(fixture.app).get('/api/v1/bot/positions').expect(200);
    expect(positions.body.count).toBe(0);
  });
});

function send(port: number, probe: Probe): Promise<RawResponse> {
  const hasBody = probe.method !== 'GET' && probe.method !== 'HEAD';
  return sendRaw(port, {
    method: probe.method,
    target: probe.target,
    headers: hasBody ? { 'content-type': 'application/json' } : {},
    body: hasBody ? '{}' : '',
  });
}
