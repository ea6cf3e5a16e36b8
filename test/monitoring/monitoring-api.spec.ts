import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { startTestApp, TEST_API_KEY } from '../../apps/api/test/support/test-app';
import { expandGlob } from './support/glob';
import { GRAFANA_DIR, PROMETHEUS_DIR } from './support/paths';

describe('GET /api/v1/monitoring/alerts/rules and /dashboard', () => {
  let app: NestFastifyApplication;
  const get = (path: string) =>
    request(app.getHttpServer()).get(path).set('X-API-Key', TEST_API_KEY);

  beforeAll(async () => {
    app = await startTestApp();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  it('serves the rule groups of exactly the files prometheus.yml loads', async () => {
    const response = await get('/api/v1/monitoring/alerts/rules');
    expect(response.status).toBe(200);

    const config = parse(readFileSync(join(PROMETHEUS_DIR, 'prometheus.yml'), 'utf8')) as {
      rule_files: string[];
    };
    const loaded = config.rule_files.flatMap((glob) => expandGlob(glob, PROMETHEUS_DIR));
    const expected = loaded.flatMap((file) =>
      (
        parse(readFileSync(join(PROMETHEUS_DIR, file), 'utf8')) as {
          groups: { name: string; rules: unknown[] }[];
        }
      ).groups.map((group) => ({ file: `prometheus/${file}`, ...group })),
    );
    expect(response.body).toEqual({ groups: expected });

    const rules = (response.body.groups as { rules: { alert?: string }[] }[]).flatMap(
      (g) => g.rules,
    );
    expect(rules.find((rule) => rule.alert === 'TradingAgentDown')).toMatchObject({
      labels: { severity: 'critical' },
      annotations: { runbook_url: 'docs/runbooks/TradingAgentDown.md' },
    });
  });

  it('serves the FeatureStore SLO dashboard by default, read from its file', async () => {
    const response = await get('/api/v1/monitoring/dashboard');
    expect(response.status).toBe(200);
    const file = JSON.parse(
      readFileSync(join(GRAFANA_DIR, 'dashboards', 'featurestore-slo.json'), 'utf8'),
    );
    expect(response.body).toEqual(file);
    expect(response.body.uid).toBe('featurestore-slo');
  });

  it('serves another dashboard by ?uid=, and 404 for an unknown one', async () => {
    const other = await get('/api/v1/monitoring/dashboard?uid=system-resources');
    expect(other.status).toBe(200);
    expect(other.body.title).toBe('System Resources');

    const unknown = await get('/api/v1/monitoring/dashboard?uid=nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('DASHBOARD.NOT_FOUND');
    expect(unknown.body.message).toContain('featurestore-slo');
  });

  it('needs the API key like every /api/v1 route', async () => {
    const response = await request(app.getHttpServer()).get('/api/v1/monitoring/alerts/rules');
    expect(response.status).toBe(401);
  });
});
