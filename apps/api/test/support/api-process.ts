import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { forkTs, freePort, waitFor } from '@ffe/testing';
import { TEST_API_KEY } from './test-app';

const MAIN = join(__dirname, '../../src/main.ts');

export interface ApiProcessOptions {
  /** Keep the process' stdout and stderr (its log lines) in `output`. */
  captureOutput?: boolean;
}

/** A real API process (main.ts), as a replica runs in production. */
export class ApiProcess {
  private child?: ChildProcess;
  private captured = '';

  private constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly options: ApiProcessOptions,
  ) {}

  static async start(
    env: Record<string, string>,
    options: ApiProcessOptions = {},
  ): Promise<ApiProcess> {
    const api = new ApiProcess(await freePort(), env, options);
    await api.spawn();
    return api;
  }

  /** Everything the process wrote to stdout and stderr (with `{ captureOutput: true }`). */
  get output(): string {
    return this.captured;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async spawn(): Promise<void> {
    this.child = forkTs(MAIN, [], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: String(this.port),
        FFE_API_KEY: TEST_API_KEY,
        LOG_LEVEL: 'silent',
        ...this.env,
      },
      stdio: this.options.captureOutput
        ? ['ignore', 'pipe', 'pipe', 'ipc']
        : ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      stream?.on('data', (chunk: Buffer) => (this.captured += chunk.toString()));
    }
    try {
      await waitFor(async () => (await fetch(`${this.url}/ready`)).status === 200, {
        timeoutMs: 60_000,
        intervalMs: 100,
        what: `the API on port ${this.port} to be ready`,
      });
    } catch (error) {
      // A process that never got ready would outlive the suite and keep Jest from exiting.
      await this.kill();
      throw error;
    }
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`${this.url}${path}`, {
      ...init,
      headers: { 'X-API-Key': TEST_API_KEY, 'content-type': 'application/json', ...init.headers },
    });
  }

  /** Kills without a chance to clean up, and waits until the process is gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }
}
