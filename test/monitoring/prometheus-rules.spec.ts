import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PROMETHEUS_DIR, ROOT } from './support/paths';
import { alertNames, alertRules, recordingRules } from './support/rules';
import { runTool } from './support/run-tool';

// Real CLI runs; bounded generously for a loaded machine.
jest.setTimeout(30_000);

// The alerts DESIGN.md and the issue name; a rename breaks users' silences and dashboards.
const REQUIRED_ALERTS = [
  'FeatureStoreHitRatioLow',
  'FeatureStoreHitRatioCritical',
  'FeatureStoreErrorBudgetBurn',
  'FeatureStoreReadLatencyHigh',
  'FeatureStoreWriteLatencyHigh',
  'FeatureStoreLockWaitHigh',
  'TradingAgentDown',
  'LargeDrawdown',
  'DiskSpaceLow',
  'HighDecisionLatency',
  'HighProviderFailureRate',
  'CircuitBreakerOpen',
  'TooManyActiveTrades',
  'HighMemoryUsage',
  'HighCPUUsage',
  'NoTradingActivity',
  'LowConfidenceDecisions',
  'RedisDown',
  'TradingCycleStalled',
  'TradingCycleFailing',
  'API5xxRatioHigh',
];
const CACHE_ALERTS = ['FeatureStoreHitRatioLow', 'FeatureStoreHitRatioCritical'];

interface RuleTestFile {
  rule_files: string[];
  tests: {
    name?: string;
    alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[];
  }[];
}

const rulesDir = join(PROMETHEUS_DIR, 'rules');
const testsDir = join(PROMETHEUS_DIR, 'tests');
const ruleFiles = readdirSync(rulesDir).filter((f) => f.endsWith('.yml'));
const testFiles = readdirSync(testsDir).filter((f) => f.endsWith('.yml'));
const ruleTests = testFiles.map(
  (file) => parse(readFileSync(join(testsDir, file), 'utf8')) as RuleTestFile,
);

describe('Prometheus configuration and rules (promtool)', () => {
  it('prometheus.yml is valid and loads every rule file', () => {
    const result = runTool('promtool', ['check', 'config', 'prometheus.yml'], PROMETHEUS_DIR);
    expect(result.output).toContain('is valid prometheus config file syntax');
    expect(result.status).toBe(0);
    for (const file of ruleFiles) expect(result.output).toMatch(new RegExp(`rules/${file}`));
  });

  it('every rule file is valid', () => {
    const result = runTool('promtool', ['check', 'rules', ...ruleFiles], rulesDir);
    expect(result.output).not.toMatch(/FAILED/);
    expect(result.status).toBe(0);
  });

  it('every promtool rule test passes', () => {
    const result = runTool('promtool', ['test', 'rules', ...testFiles], testsDir);
    expect(result.output).not.toMatch(/FAILED/);
    expect(result.output.match(/SUCCESS/g)).toHaveLength(testFiles.length);
    expect(result.status).toBe(0);
  });

  it('a broken rule test fails (promtool really compares)', () => {
    const broken = readFileSync(join(testsDir, 'trading.test.yml'), 'utf8')
      .replace('../rules/', `${rulesDir}/`)
      .replace(
        'severity: critical, component: trading, job: ffe-api, instance: app:8000',
        'severity: warning, component: trading, job: ffe-api, instance: app:8000',
      );
    const dir = mkdtempSync(join(tmpdir(), 'ffe-promtool-'));
    try {
      writeFileSync(join(dir, 'broken.test.yml'), broken);
      const result = runTool('promtool', ['test', 'rules', 'broken.test.yml'], dir);
      expect(result.output).toMatch(/FAILED/);
      expect(result.output).toMatch(/TradingAgentDown/);
      expect(result.status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('every rule file is under test', () => {
    const tested = new Set(ruleTests.flatMap((t) => t.rule_files.map((f) => f.split('/').pop())));
    expect([...tested].sort()).toEqual([...ruleFiles].sort());
  });

  it('has every alert of the design and the recording rules of the SLO', () => {
    expect(alertNames()).toEqual(expect.arrayContaining(REQUIRED_ALERTS));
    expect(recordingRules().map((r) => r.record)).toEqual(
      expect.arrayContaining(['featurestore:hit_ratio_5m', 'featurestore:request_rate_5m']),
    );
  });

  it.each(alertRules().map((rule) => [rule.alert, rule] as const))(
    '%s has a severity, summary, description and an existing runbook',
    (name, rule) => {
      // `none` is the Watchdog's: it pages no one (the Alertmanager spec holds that).
      expect(['critical', 'warning', 'info', 'none']).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary).toBeTruthy();
      expect(rule.annotations?.description).toBeTruthy();
      expect(rule.annotations?.runbook_url).toBe(`docs/runbooks/${name}.md`);
      expect(existsSync(join(ROOT, rule.annotations!.runbook_url))).toBe(true);
    },
  );

  it.each(alertNames())('%s has a case that fires and one that stays quiet', (name) => {
    const cases = ruleTests.flatMap((t) => t.tests.flatMap((c) => c.alert_rule_test ?? []));
    const mine = cases.filter((c) => c.alertname === name);
    expect(mine.some((c) => (c.exp_alerts ?? []).length > 0)).toBe(true);
    // The Watchdog is the one alert that must never be quiet: every case of it fires.
    const alwaysFiring = alertRules().find((r) => r.alert === name)?.labels?.severity === 'none';
    const quiet = mine.some((c) => (c.exp_alerts ?? []).length === 0);
    expect({ name, quiet }).toEqual({ name, quiet: !alwaysFiring });
  });

  it.each(CACHE_ALERTS)('%s stays quiet on a cold start and on an idle cache', (name) => {
    const quietIn = (title: RegExp) =>
      ruleTests
        .flatMap((t) => t.tests)
        .filter((c) => title.test(c.name ?? ''))
        .flatMap((c) => c.alert_rule_test ?? [])
        .some((c) => c.alertname === name && (c.exp_alerts ?? []).length === 0);
    expect(quietIn(/cold start/)).toBe(true);
    expect(quietIn(/idle/)).toBe(true);
  });
});
