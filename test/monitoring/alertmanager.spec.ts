import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { expandGlob } from './support/glob';
import { ALERTMANAGER_DIR } from './support/paths';
import { alertRules } from './support/rules';
import { runTool } from './support/run-tool';

// Real CLI runs; bounded generously for a loaded machine.
jest.setTimeout(30_000);

interface Route {
  receiver?: string;
  matchers?: string[];
  routes?: Route[];
}
interface RouteCase {
  name: string;
  labels: Record<string, string>;
  receivers: string[];
}

const configFile = join(ALERTMANAGER_DIR, 'alertmanager.yml');
const config = parse(readFileSync(configFile, 'utf8')) as {
  templates: string[];
  route: Route;
  receivers: { name: string }[];
};
const cases = parse(
  readFileSync(join(ALERTMANAGER_DIR, 'tests', 'routes.yml'), 'utf8'),
) as RouteCase[];

function receiversFor(labels: Record<string, string>, file = configFile): string[] {
  const pairs = Object.entries(labels).map(([name, value]) => `${name}=${value}`);
  const result = runTool('amtool', ['config', 'routes', 'test', `--config.file=${file}`, ...pairs]);
  expect(result.status).toBe(0);
  return result.stdout.trim().split(',');
}

/** Files a template glob of the config matches, resolved as Alertmanager does: beside the file. */
function templateFiles(): string[] {
  return config.templates.flatMap((glob) => expandGlob(glob, ALERTMANAGER_DIR));
}

describe('Alertmanager configuration (amtool)', () => {
  it('passes amtool check-config', () => {
    const result = runTool('amtool', ['check-config', configFile]);
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  // amtool says SUCCESS even when a template glob matches nothing: hold the globs ourselves.
  it('every template glob matches a file, and every template the receivers use is defined', () => {
    for (const glob of config.templates) {
      expect(expandGlob(glob, ALERTMANAGER_DIR).length).toBeGreaterThan(0);
    }
    const defined = templateFiles()
      .map((file) => readFileSync(join(ALERTMANAGER_DIR, file), 'utf8'))
      .join('\n');
    const used = [...readFileSync(configFile, 'utf8').matchAll(/template "([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(used.length).toBeGreaterThan(0);
    for (const name of new Set(used)) expect(defined).toContain(`{{ define "${name}" `);
  });

  it('a template glob matching nothing still passes check-config (the trap the test above closes)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ffe-amtool-'));
    try {
      const broken = { ...parse(readFileSync(configFile, 'utf8')), templates: ['nothing/*.tmpl'] };
      writeFileSync(join(dir, 'alertmanager.yml'), stringify(broken));
      const result = runTool('amtool', ['check-config', join(dir, 'alertmanager.yml')]);
      expect(result.output).toContain('SUCCESS');
      expect(expandGlob('nothing/*.tmpl', dir)).toHaveLength(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(cases.map((c) => [c.name, c] as const))('routes: %s', (_name, routeCase) => {
    expect(receiversFor(routeCase.labels)).toEqual(routeCase.receivers);
  });

  it('every route has a case that reaches it', () => {
    const routes = config.route.routes ?? [];
    for (const route of routes) {
      const wanted = Object.fromEntries(
        (route.matchers ?? []).map((m) => {
          const [, name, value] = /^(\w+)="?([^"]*)"?$/.exec(m) ?? [];
          return [name, value];
        }),
      );
      const covering = cases.filter((c) =>
        Object.entries(wanted).every(([name, value]) => c.labels[name] === value),
      );
      expect({ route: route.matchers, covered: covering.length > 0 }).toEqual({
        route: route.matchers,
        covered: true,
      });
    }
  });

  it('every receiver a case names exists, and every receiver is used', () => {
    const names = config.receivers.map((r) => r.name).sort();
    expect([...new Set(cases.flatMap((c) => c.receivers))].sort()).toEqual(names);
  });

  it("the always-firing Watchdog (severity none) reaches the dead man's switch and no one else", () => {
    const watchdogs = alertRules().filter((rule) => rule.labels?.severity === 'none');
    expect(watchdogs.map((rule) => rule.alert)).toEqual(['Watchdog']);
    for (const rule of watchdogs) {
      expect(receiversFor({ alertname: rule.alert, ...rule.labels })).toEqual(['dead-mans-switch']);
    }
  });

  it('every alert rule reaches the team its severity says', () => {
    for (const rule of alertRules().filter((r) => r.labels?.severity !== 'none')) {
      const receivers = receiversFor({ alertname: rule.alert, ...rule.labels });
      const expected = rule.labels?.severity === 'critical' ? 'platform-oncall' : 'dev-data-oncall';
      expect({ alert: rule.alert, receivers }).toEqual({
        alert: rule.alert,
        receivers: expect.arrayContaining([expected]),
      });
      if (rule.labels?.severity !== 'critical') {
        expect({ alert: rule.alert, receivers }).toEqual({
          alert: rule.alert,
          receivers: ['dev-data-oncall'],
        });
      }
    }
  });
});
