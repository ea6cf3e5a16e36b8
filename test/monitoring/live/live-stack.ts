import { forkTs, freePort, RedisServer, waitFor } from '@ffe/testing';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_API_KEY } from '../../../apps/api/test/support/test-app';
import { ROOT } from '../support/paths';
import { Managed } from './processes';
import { SlackSink } from './slack-sink';
import { SmtpSink } from './smtp-sink';
import { writeAlertmanagerConfig, writePrometheusConfig, type StackPorts } from './stack-config';

const REDIS_PASSWORD = 'live-redis-password-0123456789';
const EXPORTER_PASSWORD = 'live-exporter-password-0123456789';

/**
 * The ACL rules every deployment gives redis-exporter, read from the start script they all run
 * Redis with: the live stack's exporter works with exactly what production grants it.
 */
function exporterAclRules(): string[] {
  const script = readFileSync(join(ROOT, 'scripts/docker/redis-server.sh'), 'utf8');
  const line = /^user redis-exporter on >\$exporter_password (.+)$/m.exec(script);
  if (!line) throw new Error('scripts/docker/redis-server.sh defines no redis-exporter user');
  return line[1].split(' ');
}

/**
 * The monitoring stack on loopback, every port free-picked: Redis, the app (a child process of
 * the real sources, so it can be killed), node- and redis-exporter, Prometheus and Alertmanager
 * from monitoring/, and local Slack and SMTP sinks. stop() ends everything it started.
 */
export class LiveStack {
  app: Managed | undefined;
  private readonly processes: Managed[] = [];

  private constructor(
    readonly dir: string,
    readonly ports: StackPorts,
    readonly redis: RedisServer,
    readonly slack: SlackSink,
    readonly smtp: SmtpSink,
  ) {}

  static async start(): Promise<LiveStack> {
    const dir = mkdtempSync(join(tmpdir(), 'ffe-live-monitoring-'));
    const ports: StackPorts = {
      app: await freePort(),
      prometheus: await freePort(),
      alertmanager: await freePort(),
      node: await freePort(),
      redisExporter: await freePort(),
    };
    const stack = new LiveStack(
      dir,
      ports,
      // Password-protected, with the exporter's read-only user, as every deployment runs it.
      await RedisServer.start({
        password: REDIS_PASSWORD,
        args: ['--user', 'redis-exporter', 'on', `>${EXPORTER_PASSWORD}`, ...exporterAclRules()],
      }),
      await SlackSink.start(await freePort()),
      await SmtpSink.start(await freePort()),
    );
    stack.spawnMonitoring();
    stack.startApp();
    await stack.appReady();
    await stack.allTargetsUp();
    return stack;
  }

  get prometheusUrl(): string {
    return `http://127.0.0.1:${this.ports.prometheus}`;
  }

  get alertmanagerUrl(): string {
    return `http://127.0.0.1:${this.ports.alertmanager}`;
  }

  get appUrl(): string {
    return `http://127.0.0.1:${this.ports.app}`;
  }

  async getJson<T>(url: string): Promise<T> {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  /** True when an instant query in Prometheus returns at least one series. */
  async hasResult(expr: string): Promise<boolean> {
    const url = `${this.prometheusUrl}/api/v1/query?query=${encodeURIComponent(expr)}`;
    return (await this.getJson<{ data: { result: unknown[] } }>(url)).data.result.length > 0;
  }

  /** The app on a fast simulated market: one-second bars, a trading cycle every second. */
  startApp(): void {
    const child = forkTs(join(ROOT, 'apps/api/src/main.ts'), [], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: String(this.ports.app),
        REDIS_URL: this.redis.url,
        FFE_API_KEY: TEST_API_KEY,
        LOG_LEVEL: 'silent',
        DECISION_INTERVAL_SECONDS: '1',
        TRADING_TIMEFRAME: '1s',
        // Trades must open and close within seconds whichever way the clock-driven market
        // points: with a netting account a run of SELL signals would open nothing.
        PAPER_ALLOW_SHORTS: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.app = new Managed('app', child);
  }

  async appReady(): Promise<void> {
    await waitFor(async () => (await fetch(`${this.appUrl}/ready`)).status === 200, {
      timeoutMs: 30_000,
      what: `the app to be ready (${this.app?.lastOutput})`,
    });
  }

  async stop(): Promise<void> {
    await this.app?.stop();
    for (const p of [...this.processes].reverse()) await p.stop();
    await this.slack.stop();
    await this.smtp.stop();
    await this.redis.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private spawnMonitoring(): void {
    const { dir, ports } = this;
    const amConfig = writeAlertmanagerConfig(dir, {
      slackUrl: this.slack.url,
      smtpPort: this.smtp.port,
    });
    const promConfig = writePrometheusConfig(dir, ports);
    this.processes.push(
      Managed.spawn('node-exporter', 'prometheus-node-exporter', [
        `--web.listen-address=127.0.0.1:${ports.node}`,
        '--collector.disable-defaults',
        '--collector.cpu',
        '--collector.meminfo',
        '--collector.filesystem',
        '--collector.loadavg',
      ]),
      Managed.spawn('redis-exporter', 'prometheus-redis-exporter', [
        '-redis.addr',
        this.redis.address,
        '-redis.user',
        'redis-exporter',
        '-redis.password',
        EXPORTER_PASSWORD,
        '-web.listen-address',
        `127.0.0.1:${ports.redisExporter}`,
      ]),
      Managed.spawn('alertmanager', 'prometheus-alertmanager', [
        `--config.file=${amConfig}`,
        `--storage.path=${join(dir, 'alertmanager-data')}`,
        `--web.listen-address=127.0.0.1:${ports.alertmanager}`,
        `--web.external-url=${this.alertmanagerUrl}`,
        '--cluster.listen-address=',
      ]),
      Managed.spawn('prometheus', 'prometheus', [
        `--config.file=${promConfig}`,
        `--storage.tsdb.path=${join(dir, 'prometheus-data')}`,
        `--web.listen-address=127.0.0.1:${ports.prometheus}`,
      ]),
    );
  }

  /** Every target scraped: the app, Prometheus, Alertmanager and both exporters. */
  private async allTargetsUp(): Promise<void> {
    await waitFor(
      async () => {
        const targets = await this.getJson<{ data: { activeTargets: { health: string }[] } }>(
          `${this.prometheusUrl}/api/v1/targets`,
        );
        const active = targets.data.activeTargets;
        return active.length === 5 && active.every((t) => t.health === 'up');
      },
      {
        timeoutMs: 30_000,
        what: `all five targets up (${this.processes
          .map((p) => `${p.name}: ${p.lastOutput.slice(-300)}`)
          .join(' | ')})`,
      },
    );
  }
}
