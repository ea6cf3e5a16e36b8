import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@ffe/testing';
import { stringify } from 'yaml';
import { api } from '../../apps/api/test/support/trading-env';
import { useTradingApp } from '../../apps/api/test/support/use-trading-app';
import { PROMETHEUS_DIR } from './support/paths';
import { alertRules } from './support/rules';
import { runTool } from './support/run-tool';
import { inputSeries, parseScrape, total, type Scrape } from './steady/scrape-recorder';

/**
 * The hit-ratio SLO met by design, measured: the app (real Redis, real BullMQ, one-second
 * cycles on one-second bars) trades 1, 4 and 20 pairs; /metrics is scraped after every cycle.
 * Over the steady window the feature-store counters must give a hit ratio ≥ 0.99, and the
 * scrapes, replayed through the shipped rules with one cycle per minute (the default run's
 * pace, so each rule window holds as many cycles and samples as in production), fire no
 * feature-store alert.
 */
jest.setTimeout(150_000);

const WARMUP_CYCLES = 5;
const STEADY_CYCLES = 25;
const EXTRA_PAIRS = Array.from({ length: 14 }, (_, i) => `SIM${i}USD`);
const PAIRS = ['BTCUSD', 'ETHUSD', 'SOLUSD', 'EURUSD', 'GBPUSD', 'USDJPY', ...EXTRA_PAIRS];

describe('feature-store SLO in steady state, with cycles in the default shape', () => {
  const ctx = useTradingApp({ SIMULATED_MARKET_EXTRA_PAIRS: EXTRA_PAIRS.join(',') });
  const scrapes: Scrape[] = [];
  const figures: { pairs: number; hits: number; misses: number; ratio: number }[] = [];
  afterAll(() => console.info('steady-state hit ratio', JSON.stringify(figures)));

  const scrape = async () => parseScrape((await api(ctx.app).get('/metrics').expect(200)).text);
  const requests = (s: Scrape) =>
    total(s, 'featurestore_hits_total') + total(s, 'featurestore_misses_total');

  /** Scrapes after each of `cycles` cycles: a cycle has run when the request count moved. */
  async function record(cycles: number): Promise<Scrape[]> {
    const taken: Scrape[] = [];
    let last = requests(scrapes.at(-1) ?? (await scrape()));
    for (let i = 0; i < cycles; i++) {
      const next = await waitFor(
        async () => {
          const s = await scrape();
          return requests(s) > last ? s : undefined;
        },
        { timeoutMs: 10_000, intervalMs: 1_000, what: `cycle ${i + 1} of ${cycles}` },
      );
      last = requests(next);
      taken.push(next);
    }
    scrapes.push(...taken);
    return taken;
  }

  it.each([1, 4, 20])('%i pairs: hit ratio ≥ 0.99 over the steady window', async (n) => {
    await api(ctx.app)
      .post('/api/v1/bot/start', {
        asset_pairs: PAIRS.slice(0, n),
        autonomous: true,
        dry_run: true,
      })
      .expect(200);
    await record(WARMUP_CYCLES);
    const steady = await record(STEADY_CYCLES);
    await api(ctx.app).post('/api/v1/bot/stop').expect(200);
    await waitFor(
      async () => (await api(ctx.app).get('/api/v1/bot/status')).body.state === 'stopped',
      {
        timeoutMs: 10_000,
        what: 'the bot to stop',
      },
    );

    const [first, last] = [steady[0], steady.at(-1)!];
    const hits = total(last, 'featurestore_hits_total') - total(first, 'featurestore_hits_total');
    const misses =
      total(last, 'featurestore_misses_total') - total(first, 'featurestore_misses_total');
    // Every pair decided in every cycle of the window: the ratio is over real traffic.
    expect(hits + misses).toBeGreaterThanOrEqual(n * (STEADY_CYCLES - 1));
    figures.push({ pairs: n, hits, misses, ratio: hits / (hits + misses) });
    expect(hits / (hits + misses)).toBeGreaterThanOrEqual(0.99);
  });

  it('the recorded run, one cycle a minute, fires no feature-store alert under the shipped rules', () => {
    const names = [
      ...new Set(
        alertRules()
          .filter((r) => r.labels?.component === 'featurestore')
          .map((r) => r.alert),
      ),
    ];
    expect(names.length).toBeGreaterThan(4);
    const minutes = scrapes.length;
    const evalTimes = Array.from({ length: Math.floor(minutes / 5) }, (_, i) => `${(i + 1) * 5}m`);
    const test = {
      rule_files: [join(PROMETHEUS_DIR, 'rules', 'featurestore.rules.yml')],
      evaluation_interval: '1m',
      tests: [
        {
          name: 'recorded steady-state run',
          interval: '1m',
          input_series: inputSeries(scrapes),
          alert_rule_test: names.flatMap((alertname) =>
            evalTimes.map((eval_time) => ({ alertname, eval_time, exp_alerts: [] })),
          ),
        },
      ],
    };
    const dir = mkdtempSync(join(tmpdir(), 'steady-slo-'));
    try {
      writeFileSync(join(dir, 'recorded.test.yml'), stringify(test));
      const result = runTool('promtool', ['test', 'rules', 'recorded.test.yml'], dir);
      expect(result.output).toContain('SUCCESS');
      expect(result.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
