import { QueueNames } from '@ffe/contracts';
import { waitFor } from '@ffe/testing';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { QUEUE_PREFIX } from '../../apps/api/src/services/queue/queue.constants';
import { TEST_API_KEY } from '../../apps/api/test/support/test-app';
import { LiveStack } from './live/live-stack';
import { decodeQuotedPrintable } from './live/smtp-sink';
import { panelQueries } from './support/dashboards';
import { sourceOf } from './support/known-metrics';
import { NO_TRAFFIC_YET, NOT_YET_SERVED } from './support/not-yet-served';
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
  let stack: LiveStack;

  const promUrl = () => stack.prometheusUrl;
  const amUrl = () => stack.alertmanagerUrl;
  const getJson = <T>(url: string) => stack.getJson<T>(url);
  const promAlerts = async () =>
    (await getJson<{ data: { alerts: PromAlert[] } }>(`${promUrl()}/api/v1/alerts`)).data.alerts;
  const firing = async (name: string) =>
    (await promAlerts()).some((a) => a.labels.alertname === name && a.state === 'firing');

  beforeAll(async () => {
    stack = await LiveStack.start();
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('the running bot decides and trades, and Prometheus scrapes it', async () => {
    const api = (method: string, path: string, body: object) =>
      fetch(`${stack.appUrl}${path}`, {
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
    // The traded pairs' cycles are warmed before they ask, so they may never miss: a decision
    // on demand for a pair the bot does not trade computes its features, a miss for the panels.
    const decide = await api('POST', '/api/v1/decisions', { asset_pair: 'SOLUSD' });
    expect(decide.status).toBeLessThan(300);

    // Decisions (latency, confidence, provider requests), cache hits and misses, a closed trade.
    for (const expr of [
      'sum(ffe_decision_latency_seconds_count) > 0',
      'sum(featurestore_hits_total) > 0',
      'sum(featurestore_misses_total) > 0',
      // Two samples at least, so increase() and rate() in panels have something to work on.
      'count(increase(ffe_trade_pnl_dollars_summary_count[1m])) > 0',
      'max(ffe_agent_state) == 2',
    ]) {
      await waitFor(() => stack.hasResult(expr), {
        timeoutMs: 30_000,
        what: `Prometheus: ${expr}`,
      });
    }
  });

  it('a running bot whose cycles run keeps TradingCycleStalled quiet', async () => {
    // Running for longer than 3 intervals (1 s here) plus the rewritten `for`.
    await waitFor(() => stack.hasResult('min_over_time(max(ffe_agent_state)[8s:1s]) == 2'), {
      timeoutMs: 30_000,
      what: 'the bot running for 8 s',
    });
    expect(
      await stack.hasResult('sum(increase(ffe_trading_cycles_total{outcome="ok"}[5s])) > 0'),
    ).toBe(true);
    expect(
      await stack.hasResult('last_over_time(ALERTS{alertname="TradingCycleStalled"}[5m])'),
    ).toBe(false);
  });

  it('stopping the cycle worker (the queue paused) fires TradingCycleStalled; resuming clears it', async () => {
    const connection = new Redis(stack.redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue(QueueNames.tradingCycle, { connection, prefix: QUEUE_PREFIX });
    await queue.pause();
    try {
      await waitFor(() => firing('TradingCycleStalled'), {
        timeoutMs: 30_000,
        what: 'TradingCycleStalled firing in Prometheus',
      });
    } finally {
      await queue.resume();
      await queue.close();
      connection.disconnect();
    }
    await waitFor(async () => !(await firing('TradingCycleStalled')), {
      timeoutMs: 20_000,
      what: 'TradingCycleStalled no longer firing once cycles resume',
    });
  });

  it('killing the app fires TradingAgentDown in Prometheus and it reaches Alertmanager', async () => {
    await stack.app!.stop('SIGKILL');
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
        stack.slack.messages.find((m) =>
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
    const toDataTeam = stack.slack.messages.filter(
      (m) =>
        m.channel === '#dev-data-oncall' &&
        m.attachments.some((a) => a.title?.includes('TradingAgentDown')),
    );
    expect(toDataTeam).toEqual([]);
  });

  it('emails platform-oncall with the runbook link', async () => {
    const mail = await waitFor(
      () => stack.smtp.messages.find((m) => /Subject: .*FIRING: TradingAgentDown/.test(m.data)),
      { timeoutMs: 15_000, what: 'the email for TradingAgentDown' },
    );
    expect(mail.to).toEqual(['platform-oncall@example.com']);
    expect(mail.data).toContain('Subject: [FFE CRITICAL] FIRING: TradingAgentDown (1 alert)');
    const body = decodeQuotedPrintable(mail.data);
    expect(body).toContain('runbook:  docs/runbooks/TradingAgentDown.md');
    expect(body).toContain('<a href="docs/runbooks/TradingAgentDown.md">');
  });

  it('resolves when the app is back: Prometheus clears it, Slack and email say RESOLVED', async () => {
    stack.startApp();
    await stack.appReady();
    await waitFor(async () => !(await firing('TradingAgentDown')), {
      timeoutMs: 20_000,
      what: 'TradingAgentDown no longer firing',
    });
    await waitFor(
      () =>
        stack.slack.messages.some((m) =>
          m.attachments.some(
            (a) => a.title?.startsWith('[RESOLVED] TradingAgentDown') && a.color === 'good',
          ),
        ),
      { timeoutMs: 20_000, what: 'the RESOLVED Slack message' },
    );
    await waitFor(
      () => stack.smtp.messages.some((m) => /Subject: .*RESOLVED: TradingAgentDown/.test(m.data)),
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
    // redis_errors_total (INFO errorstats) exists only once Redis answered an error: make one.
    const redis = new Redis(stack.redis.url, { maxRetriesPerRequest: 1 });
    await redis.call('ffe-no-such-command').catch(() => undefined);
    redis.disconnect();
    await waitFor(() => stack.hasResult('redis_errors_total'), {
      timeoutMs: 10_000,
      what: 'redis_errors_total scraped after a Redis error',
    });
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

  it("the always-firing Watchdog reaches the dead man's switch, and no person", async () => {
    const deadManPath = new URL(stack.slack.url).pathname + '/dead-mans-switch';
    const beat = await waitFor(() => stack.slack.messages.find((m) => m.path === deadManPath), {
      // Firing from the first evaluation, before Prometheus has found Alertmanager, it is sent
      // again after Prometheus' resend delay (1 m): last in the suite, so that wait overlaps
      // the others. Everything that pages a person above ran while it fired.
      timeoutMs: 90_000,
      what: 'the Watchdog heartbeat at the dead-man webhook',
    });
    expect(beat.attachments[0].title).toBe('Watchdog heartbeat');
    const toPeople = stack.slack.messages.filter(
      (m) => m.path !== deadManPath && JSON.stringify(m).includes('Watchdog'),
    );
    expect(toPeople).toEqual([]);
    expect(stack.smtp.messages.filter((m) => m.data.includes('Watchdog'))).toEqual([]);
  }, 100_000);
});
