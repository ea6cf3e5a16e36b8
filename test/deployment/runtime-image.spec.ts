import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { freePort, RedisServer, waitFor } from '@ffe/testing';
import { ROOT, readRepoFile, run } from './support/repo';

/**
 * The final image's layout, simulated without Docker: the same script the Dockerfile runs
 * assembles the runtime tree, production dependencies only are installed into it, and the app
 * starts from it with the image's ENTRYPOINT and CMD, answers its probes and the HEALTHCHECK,
 * and drains on SIGTERM. Needs the build output (`npm test` builds before Jest runs).
 */
const dockerfile = DockerfileParser.parse(readRepoFile('Dockerfile'));
const execForm = (content: string | null) =>
  JSON.parse((content ?? '').replace(/^CMD\s+/, '')) as string[];
const CMD = execForm(dockerfile.getCMDs()[0].getArgumentsContent());
const HEALTHCHECK = execForm(dockerfile.getHEALTHCHECKs()[0].getArgumentsContent());
const DEV_ONLY = ['typescript', 'jest', 'nx', '@swc/core', 'eslint', 'dclint', 'kubernetes-models'];
const API_KEY = 'runtime-layout-test-key-0123456789';

describe('runtime image layout (production dependencies only)', () => {
  let tree: string;
  let redis: RedisServer;
  let app: ChildProcess | undefined;
  let port: number;

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'apps/api/dist/main.js'))) {
      throw new Error(
        'apps/api/dist/main.js is missing: run `npm run build` first (npm test does)',
      );
    }
    tree = mkdtempSync(join(tmpdir(), 'ffe-runtime-'));
    const assembled = run('sh', ['scripts/docker/runtime-tree.sh', tree]);
    expect(assembled.stderr).toBe('');
    // The image runs `npm ci --omit=dev` with the npm of its Node release. `npm install` from the
    // same lock installs the same tree; it is used here because some npm 11 releases refuse
    // `npm ci` on a lock without other platforms' optional packages.
    const installed = run(
      'npm',
      [
        'install',
        '--omit=dev',
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
        '--no-save',
        '--prefer-offline',
      ],
      { cwd: tree },
    );
    expect({
      status: installed.status,
      stderr: installed.status === 0 ? '' : installed.stderr,
    }).toEqual({
      status: 0,
      stderr: '',
    });
    redis = await RedisServer.start();
    port = await freePort();
  }, 240_000);

  afterAll(async () => {
    if (app && app.exitCode === null) app.kill('SIGKILL');
    await redis?.stop();
    if (tree) rmSync(tree, { recursive: true, force: true });
  });

  it('has no development dependency and links the workspace libs to their compiled output', () => {
    for (const name of DEV_ONLY)
      expect({ name, present: existsSync(join(tree, 'node_modules', name)) }).toEqual({
        name,
        present: false,
      });
    for (const lib of ['contracts', 'domain', 'feature-store']) {
      const linked = realpathSync(join(tree, 'node_modules/@ffe', lib));
      expect(linked).toBe(realpathSync(join(tree, 'libs', lib)));
      expect(existsSync(join(linked, 'dist/index.js'))).toBe(true);
    }
    expect(existsSync(join(tree, 'apps/api/src'))).toBe(false);
  });

  it('starts with the image ENTRYPOINT and CMD, and answers /live, /ready and the HEALTHCHECK', async () => {
    app = spawn('sh', [join(ROOT, 'scripts/docker/entrypoint.sh'), ...CMD], {
      cwd: tree,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        PORT: String(port),
        HOST: '127.0.0.1',
        REDIS_URL: redis.url,
        FFE_API_KEY: API_KEY,
        LOG_LEVEL: 'warn',
        FFE_SECRETS_DIR: join(tree, 'no-secrets'),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    app.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const base = `http://127.0.0.1:${port}`;
    await waitFor(
      async () => app?.exitCode === null && (await fetch(`${base}/ready`)).status === 200,
      {
        timeoutMs: 60_000,
        intervalMs: 200,
        what: `the API from the runtime tree to be ready (${stderr})`,
      },
    );
    expect((await fetch(`${base}/live`)).status).toBe(200);
    const probe = run(HEALTHCHECK[0], HEALTHCHECK.slice(1), { env: { PORT: String(port) } });
    expect(probe.status).toBe(0);
    const unauthenticated = await fetch(`${base}/api/v1/monitoring/alerts/rules`);
    expect(unauthenticated.status).toBe(401);
  }, 90_000);

  it('drains and exits 0 on SIGTERM, as `docker stop` sends it', async () => {
    const running = app as ChildProcess;
    expect(running.exitCode).toBeNull();
    const exited = new Promise<number | null>((resolve) =>
      running.once('exit', (code) => resolve(code)),
    );
    running.kill('SIGTERM');
    expect(await exited).toBe(0);
    // Once drained, the HEALTHCHECK reports it.
    expect(run(HEALTHCHECK[0], HEALTHCHECK.slice(1), { env: { PORT: String(port) } }).status).toBe(
      1,
    );
  }, 30_000);
});
