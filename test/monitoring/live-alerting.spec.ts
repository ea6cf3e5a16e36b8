import { forkTs, freePort, RedisServer, waitFor } from '@ffe/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_API_KEY } from '../../apps/api/test/support/test-app';
import { Managed } from './live/processes';
import { SlackSink } from './live/slack-sink';
import { decodeQuotedPrintable, SmtpSink } from './live/smtp-sink';
import {
  writeAlertmanagerConfig,
  writePrometheusConfig,
  type StackPorts,
} from './live/stack-config';
import { panelQueries } from './support/dashboards';
import { sourceOf } from './support/known-metrics';
import { NO_TRAFFIC_YET, NOT_YET_SERVED } from './support/not-yet-served';
import { ROOT } from './support/paths';
import { rawMetricNames } from './support/promql-names';
import { referencedMetrics } from './support/referenced-metrics';
import { recordingRules } from './support/rules';

/**
 * The whole alerting path, live: the app, Redis, node- and redis-exporter, Prometheus with the
 * shipped rules, Alertmanager with the shipped routes and templates, Slack and SMTP as local
 * sinks. A real fault (the app killed) must page through Slack and email with the runbook link,
 * and resolve when the app is back. Every dashboard panel is then evaluated for data.
 */
jest.setTimeout(60_000);

interface PromAlert {
  labels: Record<string, string>;
  state: string;
}

describe('live alerting: Prometheus → Alertmanager → Slack and email', () => {
  const testStart = Date.now() / 1000;
  let dir: string;
  let ports: StackPorts;
  let redis: RedisServer;
  let slack: SlackSink;
  let smtp: SmtpSink;
  let app: Managed | undefined;
  const processes: Managed[] = [];

  const promUrl = () => `http://127.0.0.1:${ports.prometheus}`;
  const amUrl = () => `http://127.0.0.1:${ports.alertmanager}`;
  const getJson = async <T>(url: string): Promise<T> => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const promAlerts = async () =>
    (await getJson<{ data: { alerts: PromAlert[] } }>(`${promUrl()}/api/v1/alerts`)).data.alerts;
  const firing = async (name: string) =>
    (await promAlerts()).some((a) => a.labels.alertname === name && a.state === 'firing');

  function startApp(): Managed {
    const child = forkTs(join(ROOT, 'apps/api/src/main.ts'), [], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: String(ports.app),
        REDIS_URL: redis.url,
        FFE_API_KEY: TEST_API_KEY,
        LOG_LEVEL: 'silent',
        // A fast simulated market: one-second bars, a trading cycle every second.
        DECISION_INTERVAL_SECONDS: '1',
        TRADING_TIMEFRAME: '1s',
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    return new Managed('app', child);
  }

  async function appReady(): Promise<void> {
    await waitFor(async () => (await fetch(`http://127.0.0.1:${ports.app}/ready`)).status === 200, {
      timeoutMs: 30_000,
      what: `the app to be ready (${app?.lastOutput})`,
    });
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ffe-live-monitoring-'));
    ports = {
      app: await freePort(),
      prometheus: await freePort(),
      alertmanager: await freePort(),
      node: await freePort(),
      redisExporter: await freePort(),
    };
    redis = await RedisServer.start();
    slack = await SlackSink.start(await freePort());
    smtp = await SmtpSink.start(await freePort());

    const amConfig = writeAlertmanagerConfig(dir, { slackUrl: slack.url, smtpPort: smtp.port });
    const promConfig = writePrometheusConfig(dir, ports);
    processes.push(
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
        redis.url,
        '-web.listen-address',
        `127.0.0.1:${ports.redisExporter}`,
      ]),
      Managed.spawn('alertmanager', 'prometheus-alertmanager', [
        `--config.file=${amConfig}`,
        `--storage.path=${join(dir, 'alertmanager-data')}`,
        `--web.listen-address=127.0.0.1:${ports.alertmanager}`,
        `--web.external-url=http://127.0.0.1:${ports.alertmanager}`,
        '--cluster.listen-address=',
      ]),
      Managed.spawn('prometheus', 'prometheus', [
        `--config.file=${promConfig}`,
        `--storage.tsdb.path=${join(dir, 'prometheus-data')}`,
        `--web.listen-address=127.0.0.1:${ports.prometheus}`,
      ]),
    );
    app = startApp();
    await appReady();

    // Every target scraped: the app, Prometheus, Alertmanager and both exporters.
    await waitFor(
      async () => {
        const targets = await getJson<{
          data: { activeTargets: { health: string; labels: { job: string } }[] };
        }>(`${promUrl()}/api/v1/targets`);
        const active = targets.data.activeTargets;
        return active.length === 5 && active.every((t) => t.health === 'up');
      },
      {
        timeoutMs: 30_000,
        what: `all five targets up (${processes.map((p) => `${p.name}: ${p.lastOutput.slice(-300)}`).join(' | ')})`,
      },
    );
  }, 90_000);

  afterAll(async () => {
    await app?.stop();
    for (const p of processes.reverse()) await p.stop();
    await slack?.stop();
    await smtp?.stop();
    await redis?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the running bot decides and trades, and Prometheus scrapes it', async () => {
    const api = (method: string, path: string, body: object) =>
      fetch(`http://127.0.0.1:${ports.app}${path}`, {
        method,
        headers: { 'content-type': 'application/json', 'X-API-Key': TEST_API_KEY },
        body: JSON.stringify(body),
      });
    const config = await api('PATCH', '/api/v1/bot/config', {
      confidence_threshold: 0,
      max_concurrent_trades: 3,
    });
    expect(config.status).toBe(200);
    // Tight take-profit and stop-loss so positions open and close within seconds.
    const start = await api('POST', '/api/v1/bot/start', {
      asset_pairs: ['BTCUSD', 'ETHUSD'],
      autonomous: true,
      take_profit: 0.0004,
      stop_loss: 0.0004,
      dry_run: false,
    });
    expect(start.status).toBe(200);
    const warm = await api('POST', '/api/v1/features/warm', { symbols: ['BTCUSD'] });
    expect(warm.status).toBeLessThan(300);

    // Decisions (latency, confidence, provider requests), cache hits and misses, a closed trade.
    const scraped = async (expr: string) =>
      (
        await getJson<{ data: { result: unknown[] } }>(
          `${promUrl()}/api/v1/query?query=${encodeURIComponent(expr)}`,
        )
      ).data.result.length > 0;
    for (const expr of [
      'sum(ffe_decision_latency_seconds_count) > 0',
      'sum(featurestore_hits_total) > 0',
      'sum(featurestore_misses_total) > 0',
      // Two samples at least, so increase() and rate() in panels have something to work on.
      'count(increase(ffe_trade_pnl_dollars_summary_count[1m])) > 0',
      'max(ffe_agent_state) == 2',
    ]) {
      await waitFor(() => scraped(expr), { timeoutMs: 30_000, what: `Prometheus: ${expr}` });
    }
  });

  it('killing the app fires TradingAgentDown in Prometheus and it reaches Alertmanager', async () => {
    await app!.stop('SIGKILL');
    await waitFor(() => firing('TradingAgentDown'), {
      timeoutMs: 20_000,
      what: 'TradingAgentDown firing in Prometheus',
    });
    await waitFor(
      async () => {
        const alerts = await getJson<
          { labels: Record<string, string>; status: { state: string } }[]
        >(`${amUrl()}/api/v2/alerts?filter=${encodeURIComponent('alertname="TradingAgentDown"')}`);
        return alerts.some((a) => a.status.state === 'active' && a.labels.severity === 'critical');
      },
      { timeoutMs: 15_000, what: 'TradingAgentDown active in Alertmanager' },
    );
  });

  it('pages platform-oncall on Slack with the runbook link', async () => {
    const message = await waitFor(
      () =>
        slack.messages.find((m) =>
          m.attachments.some((a) => a.title?.startsWith('[FIRING:1] TradingAgentDown')),
        ),
      { timeoutMs: 15_000, what: 'the Slack page for TradingAgentDown' },
    );
    expect(message.channel).toBe('#platform-oncall');
    const [attachment] = message.attachments;
    expect(attachment.title).toBe('[FIRING:1] TradingAgentDown (critical, trading)');
    expect(attachment.color).toBe('danger');
    expect(attachment.text).toContain('Trading agent unreachable');
    expect(attachment.text).toContain('Runbook: docs/runbooks/TradingAgentDown.md');
    // Critical and not a cache alert: dev-data-oncall's channel is not paged.
    const toDataTeam = slack.messages.filter(
      (m) =>
        m.channel === '#dev-data-oncall' &&
        m.attachments.some((a) => a.title?.includes('TradingAgentDown')),
    );
    expect(toDataTeam).toEqual([]);
  });

  it('emails platform-oncall with the runbook link', async () => {
    const mail = await waitFor(
      () => smtp.messages.find((m) => /Subject: .*FIRING: TradingAgentDown/.test(m.data)),
      { timeoutMs: 15_000, what: 'the email for TradingAgentDown' },
    );
    expect(mail.to).toEqual(['platform-oncall@example.com']);
    expect(mail.data).toContain('Subject: [FFE CRITICAL] FIRING: TradingAgentDown (1 alert)');
    const body = decodeQuotedPrintable(mail.data);
    expect(body).toContain('runbook:  docs/runbooks/TradingAgentDown.md');
    expect(body).toContain('<a href="docs/runbooks/TradingAgentDown.md">');
  });

  it('resolves when the app is back: Prometheus clears it, Slack and email say RESOLVED', async () => {
    app = startApp();
    await appReady();
    await waitFor(async () => !(await firing('TradingAgentDown')), {
      timeoutMs: 20_000,
      what: 'TradingAgentDown no longer firing',
    });
    await waitFor(
      () =>
        slack.messages.some((m) =>
          m.attachments.some(
            (a) => a.title?.startsWith('[RESOLVED] TradingAgentDown') && a.color === 'good',
          ),
        ),
      { timeoutMs: 20_000, what: 'the RESOLVED Slack message' },
    );
    await waitFor(
      () => smtp.messages.some((m) => /Subject: .*RESOLVED: TradingAgentDown/.test(m.data)),
      { timeoutMs: 20_000, what: 'the RESOLVED email' },
    );
  });

  it('RedisDown inhibits the cache hit-ratio alerts in Alertmanager', async () => {
    const now = new Date().toISOString();
    const alert = (labels: Record<string, string>) => ({ labels, startsAt: now });
    const posted = await fetch(`${amUrl()}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        alert({ alertname: 'RedisDown', severity: 'critical', component: 'redis' }),
        alert({
          alertname: 'FeatureStoreHitRatioLow',
          severity: 'warning',
          component: 'featurestore',
        }),
      ]),
    });
    expect(posted.status).toBe(200);
    const state = async (name: string) => {
      const alerts = await getJson<{ status: { state: string; inhibitedBy: string[] } }[]>(
        `${amUrl()}/api/v2/alerts?filter=${encodeURIComponent(`alertname="${name}"`)}`,
      );
      return alerts[0]?.status;
    };
    const lowState = await waitFor(
      async () => {
        const s = await state('FeatureStoreHitRatioLow');
        return s?.state === 'suppressed' ? s : undefined;
      },
      { timeoutMs: 10_000, what: 'FeatureStoreHitRatioLow suppressed by RedisDown' },
    );
    expect(lowState.inhibitedBy.length).toBe(1);
    expect((await state('RedisDown'))?.state).toBe('active');
  });

  it('every rule evaluates in the live Prometheus without error', async () => {
    const rules = await getJson<{
      data: {
        groups: { name: string; rules: { name: string; health: string; lastError?: string }[] }[];
      };
    }>(`${promUrl()}/api/v1/rules`);
    const unhealthy = rules.data.groups.flatMap((g) =>
      g.rules.filter((r) => r.health !== 'ok').map((r) => `${g.name}/${r.name}: ${r.lastError}`),
    );
    expect(rules.data.groups.length).toBeGreaterThan(0);
    expect(unhealthy).toEqual([]);
  });

  it('every exporter and Prometheus metric the rules and panels use exists in Prometheus', async () => {
    const names = new Set(
      (await getJson<{ data: string[] }>(`${promUrl()}/api/v1/label/__name__/values`)).data,
    );
    const missing = referencedMetrics()
      .filter((ref) => !['app', 'synthetic'].includes(sourceOf(ref.name)))
      .filter((ref) => !names.has(ref.name))
      .map((ref) => `${ref.name} (used by ${ref.usedBy.join('; ')})`);
    expect(missing).toEqual([]);
  });

  it('every dashboard panel returns data from the live Prometheus', async () => {
    const recordings = new Map(recordingRules().map((r) => [r.record, r.expr]));
    const awaited = new Set([...NOT_YET_SERVED, ...NO_TRAFFIC_YET]);
    const end = Date.now() / 1000;
    const hasData = async (expr: string) => {
      const url = `${promUrl()}/api/v1/query_range?query=${encodeURIComponent(expr)}&start=${testStart}&end=${end}&step=1`;
      return (await getJson<{ data: { result: unknown[] } }>(url)).data.result.length > 0;
    };
    const panels = new Map<string, string[]>();
    for (const q of panelQueries()) {
      // Constant lines (vector(0.95)) always return data and prove nothing about a panel.
      const names = rawMetricNames(q.expr, recordings);
      if (names.length === 0 || names.some((name) => awaited.has(name))) continue;
      const key = `${q.dashboard} / ${q.panel}`;
      panels.set(key, [...(panels.get(key) ?? []), q.expr]);
    }
    const empty: string[] = [];
    for (const [panel, exprs] of panels) {
      const results = await Promise.all(exprs.map(hasData));
      if (!results.some(Boolean)) empty.push(panel);
    }
    expect(panels.size).toBeGreaterThan(20);
    expect(empty).toEqual([]);
  });

  it('the metrics listed as awaited still have no samples (shrink the lists when they do)', async () => {
    const withSamples: string[] = [];
    for (const name of [...NOT_YET_SERVED, ...NO_TRAFFIC_YET]) {
      const result = await getJson<{ data: { result: unknown[] } }>(
        `${promUrl()}/api/v1/query?query=${encodeURIComponent(`count(last_over_time(${name}[1h]))`)}`,
      );
      if (result.data.result.length > 0) withSamples.push(name);
    }
    expect(withSamples).toEqual([]);
  });
});
