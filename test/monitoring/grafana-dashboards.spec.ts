import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { dashboards, panelQueries, panelsOf } from './support/dashboards';
import { appMetricNames, sourceOf } from './support/known-metrics';
import { GRAFANA_DIR } from './support/paths';
import { isRecordedName, metricNames } from './support/promql-names';
import { recordingRules } from './support/rules';
import { runTool } from './support/run-tool';

// Real CLI runs; bounded generously for a loaded machine.
jest.setTimeout(30_000);

// No Grafana binary here: this lint holds what Grafana would need — valid JSON models, the
// pinned datasource, queries that parse (promtool) and metric names that exist.
const REQUIRED = {
  'featurestore-slo': 'FeatureStore SLO',
  'trading-overview': 'Trading Performance Overview',
  'agent-state': 'Agent State & Health',
  'provider-performance': 'Provider Performance',
  'system-resources': 'System Resources',
  'alert-overview': 'Alert Overview',
};

const datasources = parse(
  readFileSync(join(GRAFANA_DIR, 'provisioning', 'datasources', 'prometheus.yml'), 'utf8'),
) as { datasources: { uid: string; type: string }[] };
const pinned = datasources.datasources[0];

describe('Grafana provisioning and dashboards', () => {
  it('provisions one Prometheus datasource with a pinned uid and a file dashboard provider', () => {
    expect(datasources.datasources).toHaveLength(1);
    expect(pinned).toMatchObject({ type: 'prometheus', uid: 'prometheus' });
    const providers = parse(
      readFileSync(join(GRAFANA_DIR, 'provisioning', 'dashboards', 'ffe.yml'), 'utf8'),
    ) as { providers: { type: string; options: { path: string } }[] };
    expect(providers.providers[0]).toMatchObject({ type: 'file' });
    expect(providers.providers[0].options.path).toBeTruthy();
  });

  it('ships the six dashboards with their uids and titles, uids unique', () => {
    const found = Object.fromEntries(dashboards().map((d) => [d.uid, d.title]));
    expect(found).toEqual(REQUIRED);
  });

  it.each(dashboards().map((d) => [d.uid, d] as const))(
    '%s: every panel and query names the pinned datasource; ids unique; layout fits',
    (_uid, dashboard) => {
      const panels = panelsOf(dashboard);
      expect(panels.length).toBeGreaterThan(0);
      const ids = panels.map((p) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
      // A row only groups the panels below it: it has no query and no datasource.
      for (const panel of panels.filter((p) => p.type !== 'row')) {
        expect({ panel: panel.title, ds: panel.datasource }).toEqual({
          panel: panel.title,
          ds: { type: 'prometheus', uid: pinned.uid },
        });
        expect(panel.targets?.length).toBeGreaterThan(0);
        for (const target of panel.targets ?? []) {
          expect(target.datasource).toEqual({ type: 'prometheus', uid: pinned.uid });
          expect(target.expr?.trim()).toBeTruthy();
        }
        const grid = (panel as { gridPos?: { x: number; w: number; h: number } }).gridPos;
        expect(grid && grid.x + grid.w <= 24 && grid.h > 0).toBe(true);
      }
    },
  );

  it('every panel query parses (promtool check rules on a file of them)', () => {
    const queries = panelQueries();
    const rules = queries.map((q, i) => ({ record: `panel:check:${i}`, expr: q.expr }));
    const dir = mkdtempSync(join(tmpdir(), 'ffe-panels-'));
    try {
      writeFileSync(join(dir, 'panels.yml'), stringify({ groups: [{ name: 'panels', rules }] }));
      const result = runTool('promtool', ['check', 'rules', 'panels.yml'], dir);
      expect(result.output).toContain(`SUCCESS: ${queries.length} rules found`);
      expect(result.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a query that does not parse is caught by the same check', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ffe-panels-'));
    try {
      const rules = [{ record: 'panel:check:0', expr: 'sum(rate(featurestore_hits_total[5m])' }];
      writeFileSync(join(dir, 'panels.yml'), stringify({ groups: [{ name: 'p', rules }] }));
      expect(runTool('promtool', ['check', 'rules', 'panels.yml'], dir).status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('every panel uses only known metric names', () => {
    const recorded = new Set(recordingRules().map((r) => r.record));
    const contract = appMetricNames();
    const known = (name: string) =>
      isRecordedName(name)
        ? recorded.has(name)
        : /^(ffe|featurestore)_/.test(name)
          ? contract.has(name)
          : sourceOf(name) !== 'unknown';
    const unknown = panelQueries().flatMap((q) =>
      metricNames(q.expr)
        .filter((name) => !known(name))
        .map((name) => `${q.dashboard} / ${q.panel}: ${name}`),
    );
    expect(unknown).toEqual([]);
  });

  it('FeatureStore SLO shows hit ratio against the 95 % line, per symbol, budget and p95s', () => {
    const slo = panelQueries().filter((q) => q.dashboard === 'featurestore-slo');
    const exprs = slo.map((q) => q.expr).join('\n');
    for (const needle of [
      'featurestore:hit_ratio_5m',
      'featurestore:request_rate_5m',
      'featurestore:hit_ratio_5m:by_symbol',
      'featurestore:error_budget_remaining:30d',
      'featurestore_read_duration_seconds_bucket',
      'featurestore_write_duration_seconds_bucket',
      'featurestore_lock_wait_duration_seconds_bucket',
      'vector(0.95)',
    ]) {
      expect(exprs).toContain(needle);
    }
    const gauge = panelsOf(dashboards().find((d) => d.uid === 'featurestore-slo')!).find(
      (p) => p.type === 'gauge',
    ) as { fieldConfig: { defaults: { thresholds: { steps: { value: number | null }[] } } } };
    expect(gauge.fieldConfig.defaults.thresholds.steps.map((s) => s.value)).toContain(0.95);
  });
});
