import { execFile } from 'node:child_process';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { startTestApp } from './support/test-app';

/**
 * `promtool check metrics` over our own families. prom-client's Node defaults (process_*,
 * nodejs_*) break its conventions and are not ours to rename; the two names the original guide
 * fixed (a gauge called *_total, a summary named for its type) are allowed explicitly.
 */
const ALLOWED = [
  /^ffe_active_trades_total non-counter metrics should not have "_total" suffix$/,
  /^ffe_trade_pnl_dollars_summary .*/,
];
const NODE_DEFAULTS = /^(process|nodejs)_/;

function promtoolCheck(exposition: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = execFile('promtool', ['check', 'metrics'], (error, stdout, stderr) => {
      // promtool exits non-zero when it has findings; no exit code means it did not run.
      if (error && typeof error.code !== 'number') return reject(error);
      resolve(`${stdout}${stderr}`.split('\n').filter((line) => line.trim()));
    });
    child.stdin?.end(exposition);
  });
}

/** Keeps whole families (HELP, TYPE and samples) that are ours. */
function ownFamilies(exposition: string): string {
  return exposition
    .split('\n')
    .filter((line) => {
      const name = line.startsWith('#') ? line.split(' ')[2] : line.split(/[{ ]/)[0];
      return name !== undefined && !NODE_DEFAULTS.test(name);
    })
    .join('\n');
}

describe('/metrics against promtool', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('serves the Node defaults once, without a double prefix', async () => {
    const text = (await request(app.getHttpServer()).get('/metrics').expect(200)).text;
    expect(text).toMatch(/^# TYPE process_cpu_user_seconds_total counter$/m);
    expect(text).toMatch(/^# TYPE nodejs_heap_size_total_bytes gauge$/m);
    expect(text).not.toMatch(/^# TYPE (\w+_)\1/m);
    expect(text).toMatch(/^# TYPE ffe_agent_state gauge$/m);
  });

  it('has no promtool findings in our families but the two allowed', async () => {
    const text = (await request(app.getHttpServer()).get('/metrics').expect(200)).text;
    const findings = await promtoolCheck(ownFamilies(text));
    const unexpected = findings.filter((line) => !ALLOWED.some((allowed) => allowed.test(line)));
    expect(unexpected).toEqual([]);
  });

  it('would catch a badly named family (the check is live)', async () => {
    const findings = await promtoolCheck(
      '# HELP ffe_bad_count a counter\n# TYPE ffe_bad_count counter\nffe_bad_count 1\n',
    );
    expect(findings.join('\n')).toMatch(/ffe_bad_count/);
  });
});
