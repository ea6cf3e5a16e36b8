import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { freePort, waitFor } from '@ffe/testing';

export const ROOT = join(__dirname, '../../../..');
const CLI = join(ROOT, 'apps/cli/dist/main.js');
const API = join(ROOT, 'apps/api/dist/main.js');

/** Builds the CLI and the API as `npm run build` does, so the specs run what ships. */
export function buildAll(): void {
  execFileSync('npx', ['tsc', '-b', 'apps/api/tsconfig.app.json', 'apps/cli/tsconfig.app.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built ffe-ctl with only the environment given (no inherited FFE_* variables). */
export function ffeCtl(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return collect(process.execPath, [CLI, ...args], env);
}

/** Runs an executable of the checkout (the bin, the scripts/ wrapper) by its path. */
export function runExecutable(
  path: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  return collect(join(ROOT, path), args, env);
}

async function collect(
  command: string,
  args: string[],
  env: Record<string, string>,
): Promise<CliResult> {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}

/** The built API as a process of its own, on its own port, against the Redis given. */
export class ApiProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(redisUrl: string, apiKey: string): Promise<ApiProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, [API], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        PORT: String(port),
        HOST: '127.0.0.1',
        REDIS_URL: redisUrl,
        FFE_API_KEY: apiKey,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const api = new ApiProcess(child, `http://127.0.0.1:${port}`);
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}`);
        try {
          return (await fetch(`${api.url}/ready`)).status === 200;
        } catch {
          return false;
        }
      },
      { timeoutMs: 30_000, what: 'the API to become ready' },
    );
    return api;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    await exited;
  }
}
