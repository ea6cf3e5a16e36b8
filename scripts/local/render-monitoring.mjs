// Writes the Prometheus and Alertmanager configs `npm run local` runs: the files from
// monitoring/ as shipped, with only the addresses changed to loopback ports and the
// Alertmanager secrets read from .local (placeholders unless the operator put real ones in
// monitoring/alertmanager/secrets). Usage: node render-monitoring.mjs OUT_DIR PORTS_JSON
import process from 'node:process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const [outDir, portsJson] = process.argv.slice(2);
const ports = JSON.parse(portsJson);
const loopback = (port) => [{ targets: [`127.0.0.1:${port}`] }];

function renderPrometheus() {
  const source = join(root, 'monitoring/prometheus');
  const config = parse(readFileSync(join(source, 'prometheus.yml'), 'utf8'));
  const portOf = {
    'ffe-api': ports.app,
    prometheus: ports.prometheus,
    alertmanager: ports.alertmanager,
    node: ports.node,
    redis: ports.redisExporter,
  };
  for (const job of config.scrape_configs) {
    if (!portOf[job.job_name]) throw new Error(`no local port for scrape job ${job.job_name}`);
    delete job.dns_sd_configs; // one local app process: its loopback address
    job.static_configs = loopback(portOf[job.job_name]);
  }
  config.alerting.alertmanagers = [{ static_configs: loopback(ports.alertmanager) }];
  config.rule_files = config.rule_files.map((glob) => join(source, glob));
  const dir = join(outDir, 'prometheus');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'prometheus.yml'), stringify(config));
}

function renderAlertmanager() {
  const source = join(root, 'monitoring/alertmanager');
  const config = parse(readFileSync(join(source, 'alertmanager.yml'), 'utf8'));
  const dir = join(outDir, 'alertmanager');
  const secrets = join(dir, 'secrets');
  mkdirSync(secrets, { recursive: true });
  const secret = (name, placeholder) => {
    const real = join(source, 'secrets', name);
    const file = existsSync(real) ? real : join(secrets, name);
    if (!existsSync(real)) writeFileSync(file, placeholder);
    return file;
  };
  // Placeholders point at a closed loopback port: alerts still route, sends fail in the log.
  config.global.slack_api_url_file = secret(
    'slack_webhook_url',
    'http://127.0.0.1:9/slack-placeholder',
  );
  config.global.smtp_auth_password_file = secret('smtp_password', 'placeholder');
  for (const receiver of config.receivers) {
    for (const slack of receiver.slack_configs ?? []) {
      if (slack.api_url_file) {
        const name = slack.api_url_file.split('/').pop();
        slack.api_url_file = secret(name, `http://127.0.0.1:9/${name}-placeholder`);
      }
    }
  }
  config.templates = config.templates.map((glob) => join(source, glob));
  writeFileSync(join(dir, 'alertmanager.yml'), stringify(config));
}

renderPrometheus();
renderAlertmanager();
