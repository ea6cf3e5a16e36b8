import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { ALERTMANAGER_DIR, PROMETHEUS_DIR } from '../support/paths';

export interface StackPorts {
  app: number;
  prometheus: number;
  alertmanager: number;
  node: number;
  redisExporter: number;
}

/** The test-only speed-up: every `for` and interval shrinks so the test runs in seconds. */
export const LIVE_FOR = '2s';

/**
 * monitoring/prometheus/prometheus.yml and its rules, as shipped, with only what a loopback
 * test must change: target addresses, 1 s scrape and evaluation, and `for` durations.
 */
export function writePrometheusConfig(dir: string, ports: StackPorts): string {
  const config = parse(readFileSync(join(PROMETHEUS_DIR, 'prometheus.yml'), 'utf8'));
  const addressOf: Record<string, number> = {
    'ffe-api': ports.app,
    prometheus: ports.prometheus,
    alertmanager: ports.alertmanager,
    node: ports.node,
    redis: ports.redisExporter,
  };
  config.global = {
    ...config.global,
    scrape_interval: '1s',
    scrape_timeout: '1s',
    evaluation_interval: '1s',
  };
  type ScrapeJob = { job_name: string; static_configs?: unknown; dns_sd_configs?: unknown };
  for (const job of config.scrape_configs as ScrapeJob[]) {
    const port = addressOf[job.job_name];
    if (!port) throw new Error(`no loopback port for scrape job ${job.job_name}`);
    delete job.dns_sd_configs;
    job.static_configs = [{ targets: [`127.0.0.1:${port}`] }];
  }
  config.alerting.alertmanagers = [
    { static_configs: [{ targets: [`127.0.0.1:${ports.alertmanager}`] }] },
  ];

  const rulesDir = join(dir, 'rules');
  mkdirSync(rulesDir, { recursive: true });
  for (const file of readdirSync(join(PROMETHEUS_DIR, 'rules'))) {
    const rules = parse(readFileSync(join(PROMETHEUS_DIR, 'rules', file), 'utf8'));
    for (const group of rules.groups) {
      for (const rule of group.rules) if (rule.for) rule.for = LIVE_FOR;
    }
    writeFileSync(join(rulesDir, file), stringify(rules));
  }
  config.rule_files = [join(rulesDir, '*.yml')];
  const file = join(dir, 'prometheus.yml');
  writeFileSync(file, stringify(config));
  return file;
}

/**
 * monitoring/alertmanager/alertmanager.yml with its own templates, receivers and routes, but
 * Slack and SMTP pointed at local sinks (secrets written as files, as in production), and
 * group timings of seconds.
 */
export function writeAlertmanagerConfig(
  dir: string,
  sinks: { slackUrl: string; smtpPort: number },
): string {
  const config = parse(readFileSync(join(ALERTMANAGER_DIR, 'alertmanager.yml'), 'utf8'));
  const secrets = join(dir, 'secrets');
  mkdirSync(secrets, { recursive: true });
  writeFileSync(join(secrets, 'slack_webhook_url'), sinks.slackUrl);
  writeFileSync(join(secrets, 'smtp_password'), 'not-used-without-auth');
  config.global = {
    ...config.global,
    slack_api_url_file: join(secrets, 'slack_webhook_url'),
    smtp_auth_password_file: join(secrets, 'smtp_password'),
    smtp_smarthost: `127.0.0.1:${sinks.smtpPort}`,
    smtp_require_tls: false,
  };
  // Receivers with their own URL file (the dead man's switch): the Slack sink, on its own path.
  type Receiver = { name: string; slack_configs?: { api_url_file?: string }[] };
  for (const receiver of config.receivers as Receiver[]) {
    for (const slack of receiver.slack_configs ?? []) {
      if (!slack.api_url_file) continue;
      const file = join(secrets, receiver.name);
      writeFileSync(file, `${sinks.slackUrl}/${receiver.name}`);
      slack.api_url_file = file;
    }
  }
  config.templates = (config.templates as string[]).map((glob) => join(ALERTMANAGER_DIR, glob));
  const speedUp = (route: Record<string, unknown>) => {
    if ('group_wait' in route || route === config.route) route.group_wait = '1s';
    if ('group_interval' in route || route === config.route) route.group_interval = '2s';
    for (const child of (route.routes as Record<string, unknown>[] | undefined) ?? []) {
      speedUp(child);
    }
  };
  speedUp(config.route);
  const file = join(dir, 'alertmanager.yml');
  writeFileSync(file, stringify(config));
  return file;
}
