import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from '@ffe/testing';
import Redis from 'ioredis';

const root = join(__dirname, '../..');

interface Target {
  labels: { job: string };
  health: string;
}

/** `npm run local` as a newcomer runs it, on free ports and a state folder of its own. */
describe('npm run local', () => {
  let child: ChildProcess;
  let output = '';
  let stateDir: string;
  const ports: Record<string, number> = {};

  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'ffe-local-'));
    for (const name of [
      'PORT',
      'LOCAL_REDIS_PORT',
      'LOCAL_PROMETHEUS_PORT',
      'LOCAL_ALERTMANAGER_PORT',
    ]) {
      ports[name] = await freePort();
    }
    child = spawn('npm', ['run', 'local'], {
      cwd: root,
      env: {
        ...process.env,
        ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
        LOCAL_STATE_DIR: stateDir,
        FFE_API_KEY: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so the test can stop everything it started
    });
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    await waitFor(() => output.includes('ffe-local: ready') || child.exitCode !== null, {
      timeoutMs: 150_000,
      what: 'npm run local to print that the stack is ready',
    });
  }, 180_000);

  afterAll(async () => {
    try {
      process.kill(-child.pid!, 'SIGKILL'); // whatever of the group is left after a failure
    } catch {
      // ESRCH: the group has exited, as it should have
    }
    rmSync(stateDir, { recursive: true, force: true });
  });

  const url = (port: number, path: string) => `http://127.0.0.1:${port}${path}`;

  it('prints the URLs and the API key it set', () => {
    expect(child.exitCode).toBeNull();
    expect(output).toContain(`http://localhost:${ports.PORT}/docs`);
    expect(output).toContain(`http://localhost:${ports.LOCAL_PROMETHEUS_PORT}`);
    expect(output).toMatch(/API key\s+[0-9a-f]{48}/);
  });

  it('serves a ready API that accepts the printed key, in paper mode', async () => {
    const key = output.match(/API key\s+([0-9a-f]{48})/)![1];
    expect((await fetch(url(ports.PORT, '/ready'))).status).toBe(200);
    const status = await fetch(url(ports.PORT, '/api/v1/status'), {
      headers: { 'X-API-Key': key },
    });
    expect(status.status).toBe(200);
    expect(((await status.json()) as { platform: string }).platform).toBe('paper');
  });

  it('has Prometheus scraping the API and Alertmanager answering', async () => {
    expect((await fetch(url(ports.LOCAL_ALERTMANAGER_PORT, '/-/ready'))).status).toBe(200);
    await waitFor(
      async () => {
        const response = await fetch(url(ports.LOCAL_PROMETHEUS_PORT, '/api/v1/targets'));
        const body = (await response.json()) as { data: { activeTargets: Target[] } };
        const api = body.data.activeTargets.find((t) => t.labels.job === 'ffe-api');
        return api?.health === 'up';
      },
      { timeoutMs: 60_000, what: 'Prometheus to scrape the API' },
    );
  }, 70_000);

  it('runs Redis with a password, which the redis exporter needs no part of', async () => {
    const password = readFileSync(join(stateDir, 'redis-password'), 'utf8').trim();
    expect(password).toMatch(/^[0-9a-f]{48}$/);
    const anonymous = new Redis(ports.LOCAL_REDIS_PORT, { enableReadyCheck: false });
    const admin = new Redis(ports.LOCAL_REDIS_PORT, { password });
    try {
      await expect(anonymous.ping()).rejects.toThrow(/NOAUTH/);
      expect(await admin.ping()).toBe('PONG');
      expect(output).not.toContain(password);
      // The exporter signs in as its own read-only user: redis_up is 1 with this password unused.
      await waitFor(
        async () => {
          const query = url(ports.LOCAL_PROMETHEUS_PORT, '/api/v1/query?query=redis_up');
          const body = (await (await fetch(query)).json()) as {
            data: { result: { value: [number, string] }[] };
          };
          return body.data.result[0]?.value[1] === '1';
        },
        { timeoutMs: 60_000, what: 'the redis exporter to reach Redis (redis_up 1)' },
      );
    } finally {
      anonymous.disconnect();
      admin.disconnect();
    }
  }, 70_000);

  it('stops everything it started on Ctrl-C', async () => {
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    process.kill(-child.pid!, 'SIGINT');
    await exited;
    for (const port of Object.values(ports)) {
      await waitFor(
        async () =>
          !(await fetch(url(port, '/')).then(
            () => true,
            () => false,
          )),
        {
          timeoutMs: 20_000,
          what: `port ${port} to close`,
        },
      );
    }
  }, 60_000);
});
