import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';

/** One rule group as Prometheus loads it, with the file it came from. */
export interface RuleGroup {
  file: string;
  name: string;
  interval?: string;
  rules: Record<string, unknown>[];
}

/** A Grafana dashboard as provisioned: the JSON model with at least uid and title. */
export interface Dashboard {
  uid: string;
  title: string;
  [key: string]: unknown;
}

const MARKER = join('monitoring', 'prometheus', 'prometheus.yml');

/**
 * Walks up from here to the folder that holds monitoring/ — the same whether the app runs from
 * sources (tests), from dist/ or from an image that copies monitoring/ beside the app.
 */
export function locateMonitoringDir(start: string = __dirname): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, MARKER))) return join(dir, 'monitoring');
    if (dirname(dir) === dir) {
      throw new Error(`monitoring/ not found above ${start}: the app ships with it`);
    }
  }
}

/**
 * The rule files and dashboards the monitoring stack is provisioned from. Read on every call,
 * never copied or cached, so the API serves exactly what Prometheus and Grafana load. Bound
 * with a factory in MonitoringModule (its constructor takes a path, not a provider).
 */
export class MonitoringFiles {
  constructor(readonly dir: string = locateMonitoringDir()) {}

  ruleGroups(): RuleGroup[] {
    const rulesDir = join(this.dir, 'prometheus', 'rules');
    return yamlFiles(rulesDir).flatMap((file) => {
      const doc = parse(readFileSync(join(rulesDir, file), 'utf8')) as {
        groups?: Omit<RuleGroup, 'file'>[];
      };
      return (doc.groups ?? []).map((group) => ({ file: `prometheus/rules/${file}`, ...group }));
    });
  }

  dashboards(): Dashboard[] {
    const dashboardsDir = join(this.dir, 'grafana', 'dashboards');
    return readdirSync(dashboardsDir)
      .filter((file) => file.endsWith('.json'))
      .sort()
      .map((file) => JSON.parse(readFileSync(join(dashboardsDir, file), 'utf8')) as Dashboard);
  }

  dashboard(uid: string): Dashboard | undefined {
    return this.dashboards().find((dashboard) => dashboard.uid === uid);
  }
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort();
}
