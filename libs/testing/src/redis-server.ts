import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './wait-for';

/** Finds a TCP port on loopback that nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not allocate a port'));
      });
    });
  });
}

/** True when something listens on the loopback port. */
export function portAcceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface RedisServerOptions {
  /** `requirepass`: the default user needs it, as in every deployment. */
  password?: string;
  /** More redis-server arguments (`--maxmemory`, `--user ...`). */
  args?: string[];
}

/**
 * A throw-away redis-server of the test's own: its own port, its own data directory, and
 * the means to kill it and bring it back on the same port (fault tests need that).
 * It installs nothing: a machine without redis-server fails with one line saying so.
 */
export class RedisServer {
  private child: ChildProcess | undefined;
  private readonly dataDir = mkdtempSync(join(tmpdir(), 'ffe-redis-'));

  private constructor(
    readonly port: number,
    private readonly options: RedisServerOptions,
  ) {}

  static async start(options: RedisServerOptions & { port?: number } = {}): Promise<RedisServer> {
    assertRedisServerInstalled();
    const server = new RedisServer(options.port ?? (await freePort()), options);
    await server.resume();
    return server;
  }

  /** With the password (`redis://:password@...`) when the server requires one. */
  get url(): string {
    const auth = this.options.password ? `:${encodeURIComponent(this.options.password)}@` : '';
    return `redis://${auth}127.0.0.1:${this.port}`;
  }

  /** The URL without credentials, for tests that pass the password another way. */
  get address(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get password(): string | undefined {
    return this.options.password;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && !this.child.killed;
  }

  /** Starts (again) on the same port with the same data directory. */
  async resume(): Promise<void> {
    if (this.running) return;
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dataDir,
        '--save',
        '',
        '--appendonly',
        'yes',
        '--daemonize',
        'no',
        '--loglevel',
        'warning',
        ...(this.options.password ? ['--requirepass', this.options.password] : []),
        ...(this.options.args ?? []),
      ],
      { stdio: 'ignore' },
    );
    this.child = child;
    await waitFor(() => portAcceptsConnections(this.port), {
      timeoutMs: 10_000,
      what: `redis-server on port ${this.port} to accept connections`,
    });
  }

  /** Stops the server; SIGKILL simulates a crash, SIGTERM a clean shutdown. */
  async kill(signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
    this.child = undefined;
  }

  async stop(): Promise<void> {
    await this.kill('SIGTERM');
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

function assertRedisServerInstalled(): void {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'redis-server is not installed: the tests start their own; install it (Debian: apt-get install -y redis-server)',
    );
  }
}
