import { spawn, type ChildProcess } from 'node:child_process';

/**
 * A child process of the live test (Prometheus, Alertmanager, an exporter, the app), with its
 * last output kept so a failure can say why it died. Stopped by its own pid, never by name.
 */
export class Managed {
  private output = '';

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-4000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  static spawn(name: string, command: string, args: string[], cwd?: string): Managed {
    return new Managed(name, spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] }));
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  get lastOutput(): string {
    return this.output;
  }

  /** SIGTERM, then SIGKILL if it has not exited within the bound. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', boundMs = 5_000): Promise<void> {
    if (!this.running) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), boundMs);
    await exited;
    clearTimeout(timer);
  }
}
