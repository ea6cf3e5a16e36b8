import Ajv from 'ajv';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCompose, mergeCompose, type ComposeFile, type Service } from './support/compose-file';
import { ROOT, readYaml, run } from './support/repo';

const DCLINT = join(ROOT, 'node_modules/.bin/dclint');
const base = loadCompose('docker-compose.yml');
const prod = mergeCompose(base, loadCompose('docker-compose.prod.yml')) as ComposeFile;
const SERVICES = [
  'app',
  'redis',
  'prometheus',
  'grafana',
  'alertmanager',
  'node-exporter',
  'redis-exporter',
];
// Scratch images without a shell or HTTP client: Prometheus' `up` watches them instead.
const NO_HEALTHCHECK_TOOLS = ['redis-exporter'];

/** dclint: the Compose specification schema plus its correctness rules. */
function dclint(file: string, extraArgs: string[] = []): { errors: string[]; warnings: string[] } {
  const { stdout } = run(DCLINT, [file, '-f', 'json', '--color=false', ...extraArgs]);
  const [report] = JSON.parse(stdout) as {
    messages: { type: string; rule: string; message: string }[];
  }[];
  const line = (m: { rule: string; message: string }) => `${m.rule}: ${m.message}`;
  return {
    errors: report.messages.filter((m) => m.type === 'error').map(line),
    warnings: report.messages.filter((m) => m.type === 'warning').map(line),
  };
}

function composeSchemaValidator() {
  const schema = JSON.parse(
    readFileSync(join(ROOT, 'node_modules/dclint/schemas/compose.schema.json'), 'utf8'),
  );
  // It names the draft-07 meta-schema by an https URL that Ajv does not map; the draft is Ajv's default.
  delete schema.$schema;
  const ajv = new Ajv({ allErrors: true, strict: false });
  return ajv.compile(schema);
}

function ports(service: Service): string[] {
  return (service.ports ?? []).map(String);
}

describe('Compose files (validated offline against the Compose specification)', () => {
  it('docker-compose.yml passes dclint with every rule on (its ports bind 127.0.0.1 too)', () => {
    expect(dclint('docker-compose.yml')).toEqual({
      errors: [],
      warnings: [],
    });
  });

  it('docker-compose.prod.yml passes dclint with every rule on', () => {
    // The override takes its project name from the base file.
    expect(
      dclint('docker-compose.prod.yml', ['--disable-rule', 'require-project-name-field']),
    ).toEqual({
      errors: [],
      warnings: [],
    });
  });

  it('dclint does fail a file that breaks the schema (the check is real)', () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'ffe-compose-')), 'docker-compose.yml');
    writeFileSync(bad, 'services:\n  app:\n    image: x:1.0.0\n    read_onlyy: true\n');
    expect(dclint(bad).errors.join('\n')).toMatch(/invalid-schema/);
  });

  it('the merged production config is valid against the Compose specification schema', () => {
    const validate = composeSchemaValidator();
    const valid = validate(prod);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('has the stack the design names, on one network, with pinned images', () => {
    expect(Object.keys(base.services).sort()).toEqual([...SERVICES].sort());
    expect(Object.keys(base.networks ?? {})).toHaveLength(1);
    const [network] = Object.keys(base.networks ?? {});
    for (const [name, service] of Object.entries(base.services)) {
      expect({ name, networks: service.networks }).toEqual({ name, networks: [network] });
      // A version number in every tag: never `latest`, never a bare name.
      expect({ name, image: service.image }).toEqual({
        name,
        image: expect.stringMatching(/^[\w./-]+:v?\d+\.\d+(\.\d+)?(-[\w.]+)?$/),
      });
    }
  });

  it('runs the app from the local build, env from .env, on port 8000, after Redis is healthy', () => {
    const app = base.services.app;
    expect(app.build).toEqual({ context: '.' });
    expect(app.env_file).toBe('.env');
    expect(ports(app).some((p) => p.endsWith(':8000'))).toBe(true);
    expect(app.depends_on).toEqual({ redis: { condition: 'service_healthy' } });
    expect(app.environment?.REDIS_URL).toBe('redis://redis:6379');
    // Scaling (--scale app=3) needs a host port per replica, hence a range.
    expect(ports(app)[0]).toMatch(/^(127\.0\.0\.1:)?8000-\d+:8000$/);
    expect(app).not.toHaveProperty('container_name');
  });

  it('has Prometheus scrape every app replica, not one per scrape', () => {
    type Job = {
      job_name: string;
      static_configs?: unknown;
      dns_sd_configs?: { names: string[]; type: string; port: number }[];
    };
    const config = readYaml<{ scrape_configs: Job[] }>('monitoring/prometheus/prometheus.yml');
    const job = config.scrape_configs.find((j) => j.job_name === 'ffe-api');
    // The service name resolves to every replica's address; the port is the container's.
    expect(job?.dns_sd_configs).toEqual([
      expect.objectContaining({ names: ['app'], type: 'A', port: 8000 }),
    ]);
    expect(job).not.toHaveProperty('static_configs');
    expect(Object.keys(base.services)).toContain('app');
  });

  it('keeps Redis durable and never lets it evict trading state', () => {
    for (const config of [base, prod]) {
      const command = config.services.redis.command ?? [];
      const flag = (name: string) => command[command.indexOf(name) + 1];
      expect(flag('--appendonly')).toBe('yes');
      expect(flag('--maxmemory-policy')).toBe('volatile-lru');
      expect(command.join(' ')).not.toMatch(/allkeys-/);
    }
    expect(base.services.redis.volumes).toContain('redis-data:/data');
    expect(prod.services.redis.command).toEqual(
      expect.arrayContaining(['--appendfsync', 'everysec']),
    );
  });

  it("has a healthcheck on every service (the app's is the image HEALTHCHECK on /live)", () => {
    for (const [name, service] of Object.entries(base.services)) {
      if (name === 'app' || NO_HEALTHCHECK_TOOLS.includes(name)) continue;
      expect({ name, test: service.healthcheck?.test?.[0] }).toEqual({ name, test: 'CMD' });
    }
    expect(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).toMatch(
      /HEALTHCHECK[^\n]*\\\n[^\n]*\/live/,
    );
  });

  it('declares every named volume it mounts, and every bind mount exists in the repo', () => {
    const declared = Object.keys(base.volumes ?? {});
    for (const service of Object.values(base.services)) {
      for (const volume of service.volumes ?? []) {
        const [source] = String(volume).split(':');
        if (source.startsWith('./'))
          expect({ source, exists: existsSync(join(ROOT, source)) }).toEqual({
            source,
            exists: true,
          });
        else if (!source.startsWith('/')) expect(declared).toContain(source);
      }
    }
  });

  it('mounts the monitoring files where their configs expect them', () => {
    const mountTargets = (service: string) =>
      (base.services[service].volumes ?? []).map((v) => String(v).split(':')[1]);
    // Alertmanager reads its secrets from files under a mounted folder.
    const alertmanager = JSON.stringify(readYaml('monitoring/alertmanager/alertmanager.yml'));
    const secretFiles = [...alertmanager.matchAll(/"\w+_file":"([^"]+)"/g)].map((m) => m[1]);
    expect(secretFiles.length).toBeGreaterThan(0);
    for (const file of secretFiles) {
      expect(mountTargets('alertmanager').some((target) => file.startsWith(`${target}/`))).toBe(
        true,
      );
    }
    // Grafana's dashboard provider reads a folder that must be the mounted dashboards.
    const provider = readYaml<{ providers: { options: { path: string } }[] }>(
      'monitoring/grafana/provisioning/dashboards/ffe.yml',
    );
    expect(base.services.grafana.volumes).toContain(
      `./monitoring/grafana/dashboards:${provider.providers[0].options.path}:ro`,
    );
    // Prometheus loads rules relative to its config file.
    const prometheus = readYaml<{ rule_files: string[] }>('monitoring/prometheus/prometheus.yml');
    for (const pattern of prometheus.rule_files) {
      const folder = `/etc/prometheus/${pattern.split('/')[0]}`;
      expect(mountTargets('prometheus')).toContain(folder);
    }
    expect(base.services.grafana.environment?.GF_SECURITY_ADMIN_PASSWORD).toMatch(
      /^\$\{GRAFANA_ADMIN_PASSWORD/,
    );
  });
});

describe('production override (merged as Compose merges it)', () => {
  const services = Object.entries(prod.services);

  it('restarts every service, drops privileges and runs read-only with bounded resources', () => {
    for (const [name, service] of services) {
      expect({
        name,
        restart: service.restart,
        readOnly: service.read_only,
        noNewPrivileges: service.security_opt?.includes('no-new-privileges:true'),
        capDrop: service.cap_drop,
        limits: Object.keys(service.deploy?.resources?.limits ?? {}).sort(),
      }).toEqual({
        name,
        restart: 'unless-stopped',
        readOnly: true,
        noNewPrivileges: true,
        capDrop: ['ALL'],
        limits: ['cpus', 'memory'],
      });
    }
  });

  it('binds every published port to 127.0.0.1 only (the dev ports are replaced, not added to)', () => {
    const published = services.flatMap(([, service]) => ports(service));
    expect(published.length).toBeGreaterThan(0);
    for (const port of published) expect(port).toMatch(/^127\.0\.0\.1:/);
  });

  it('gives read-only services a tmpfs where they write', () => {
    for (const name of ['app', 'grafana']) {
      expect((prod.services[name].tmpfs ?? []).some((t) => t.startsWith('/tmp'))).toBe(true);
    }
  });

  it('passes API keys as secret files, never as environment', () => {
    const keys = [
      'FFE_API_KEY',
      'ALPHA_VANTAGE_API_KEY',
      'COINBASE_API_KEY',
      'COINBASE_API_SECRET',
      'OANDA_API_TOKEN',
      'LLM_API_KEY',
    ];
    expect(prod.services.app.secrets).toEqual(expect.arrayContaining(keys));
    for (const key of keys) {
      expect(prod.services.app.environment ?? {}).not.toHaveProperty(key);
      expect(prod.secrets?.[key]?.file).toBe(`./secrets/${key}`);
    }
    // The secret files are never committed.
    expect(run('git', ['check-ignore', '-q', 'secrets/FFE_API_KEY']).status).toBe(0);
  });

  it('bounds Prometheus retention and turns its HTTP lifecycle API off', () => {
    const command = prod.services.prometheus.command ?? [];
    expect(command.some((c) => c.startsWith('--storage.tsdb.retention.time='))).toBe(true);
    expect(command.some((c) => c.startsWith('--storage.tsdb.retention.size='))).toBe(true);
    expect(command).not.toContain('--web.enable-lifecycle');
  });

  it('publishes dev ports on 127.0.0.1 only: nothing on the LAN reaches the stack', () => {
    const published = Object.values(base.services).flatMap((service) => ports(service));
    expect(published.length).toBeGreaterThanOrEqual(4);
    for (const port of published) expect(port).toMatch(/^127\.0\.0\.1:/);
  });

  it('never runs Redis without a password, in dev or prod', () => {
    for (const [name, config] of [
      ['dev', base],
      ['prod', prod],
    ] as const) {
      const redis = config.services.redis;
      // The start script refuses to start without REDIS_PASSWORD (shell-scripts.spec runs it).
      expect({ name, start: redis.command?.slice(0, 2) }).toEqual({
        name,
        start: ['sh', '/usr/local/bin/ffe-redis-server'],
      });
      expect(redis.volumes).toContain(
        './scripts/docker/redis-server.sh:/usr/local/bin/ffe-redis-server:ro',
      );
      expect(redis.healthcheck?.test).toEqual([
        'CMD',
        'sh',
        '/usr/local/bin/ffe-redis-server',
        '--ping',
      ]);
      expect(redis.command?.join(' ')).not.toMatch(/requirepass|PASSWORD/);
    }
    expect(base.services.redis.environment).toMatchObject({
      REDIS_PASSWORD: expect.stringMatching(/^\$\{REDIS_PASSWORD\b/),
      REDIS_EXPORTER_PASSWORD: expect.stringMatching(/^\$\{REDIS_EXPORTER_PASSWORD\b/),
    });
  });

  it('gives the app and Redis the password from a secret file in prod, never from .env', () => {
    const redis = prod.services.redis;
    expect(redis.environment).toEqual({
      REDIS_PASSWORD_FILE: '/run/secrets/REDIS_PASSWORD',
      REDIS_EXPORTER_PASSWORD_FILE: '/run/secrets/REDIS_EXPORTER_PASSWORD',
    });
    expect(redis.secrets).toEqual(['REDIS_PASSWORD', 'REDIS_EXPORTER_PASSWORD']);
    expect(prod.services.app.secrets).toContain('REDIS_PASSWORD');
    for (const secret of [
      'REDIS_PASSWORD',
      'REDIS_EXPORTER_PASSWORD',
      'redis_exporter_password.json',
    ])
      expect(prod.secrets?.[secret]?.file).toBe(`./secrets/${secret}`);
  });

  it('has the exporter sign in as its own read-only user, not the default one', () => {
    const exporter = base.services['redis-exporter'].environment ?? {};
    expect(exporter.REDIS_USER).toBe('redis-exporter');
    expect(exporter.REDIS_PASSWORD).toMatch(/^\$\{REDIS_EXPORTER_PASSWORD\b/);
    const prodExporter = prod.services['redis-exporter'];
    expect(prodExporter.environment).toEqual({
      REDIS_ADDR: 'redis://redis:6379',
      REDIS_USER: 'redis-exporter',
      REDIS_PASSWORD_FILE: '/run/secrets/redis_exporter_password.json',
    });
    expect(prodExporter.secrets).toEqual(['redis_exporter_password.json']);
  });

  it("reads Grafana's admin password from a secret file in prod", () => {
    const grafana = prod.services.grafana;
    expect(grafana.environment).not.toHaveProperty('GF_SECURITY_ADMIN_PASSWORD');
    expect(grafana.environment?.GF_SECURITY_ADMIN_PASSWORD__FILE).toBe(
      '/run/secrets/GRAFANA_ADMIN_PASSWORD',
    );
    expect(grafana.secrets).toEqual(['GRAFANA_ADMIN_PASSWORD']);
    expect(prod.secrets?.GRAFANA_ADMIN_PASSWORD?.file).toBe('./secrets/GRAFANA_ADMIN_PASSWORD');
  });

  it('the merge follows Compose: !override replaces a list, other lists append', () => {
    const merged = mergeCompose(
      { ports: ['8000:8000'], dns: ['1.1.1.1'], command: ['a', 'b'] },
      {
        ports: { __compose_override__: ['127.0.0.1:8000:8000'] },
        dns: ['9.9.9.9'],
        command: ['c'],
      },
    );
    expect(merged).toEqual({
      ports: ['127.0.0.1:8000:8000'],
      dns: ['1.1.1.1', '9.9.9.9'],
      command: ['c'],
    });
  });
});
