import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { portAcceptsConnections as accepts, waitFor } from '@ffe/testing';
import { ROOT } from './repo';

async function stop(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

/**
 * A redis-server configured as the Compose stack runs it (AOF on, everysec, volatile-lru), on
 * a data directory the test names, so a backup can be restored into it. Stopped with SIGTERM,
 * which Redis answers as SHUTDOWN: it flushes the AOF and exits.
 */
export class StackRedis {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static async start(dir: string, port: number): Promise<StackRedis> {
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'everysec',
        '--maxmemory-policy',
        'volatile-lru',
        '--save',
        '',
        '--daemonize',
        'no',
        '--loglevel',
        'warning',
      ],
      { stdio: 'ignore' },
    );
    await waitFor(() => accepts(port), { timeoutMs: 15_000, what: `redis-server on ${port}` });
    return new StackRedis(child, port);
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  stop(): Promise<number | null> {
    return stop(this.child, 15_000);
  }
}

/** The API as the image runs it (`node apps/api/dist/main.js`), ready when /ready says 200. */
export class ApiProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(env: {
    PORT: number;
    REDIS_URL: string;
    FFE_API_KEY: string;
  }): Promise<ApiProcess> {
    const child = spawn(process.execPath, [join(ROOT, 'apps/api/dist/main.js')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        PORT: String(env.PORT),
        REDIS_URL: env.REDIS_URL,
        FFE_API_KEY: env.FFE_API_KEY,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const url = `http://127.0.0.1:${env.PORT}`;
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`the API exited: ${stderr}`);
        return (await fetch(`${url}/ready`)).status === 200;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: 'the API to be ready' },
    );
    return new ApiProcess(child, url);
  }

  /** SIGTERM, as `docker compose stop app` sends; resolves with the exit code. */
  stop(): Promise<number | null> {
    return stop(this.child, 30_000);
  }
}
