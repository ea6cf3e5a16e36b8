import { ENVIRONMENT_VARIABLES } from '../../apps/api/src/config/environment.schema';
import { loadCompose } from './support/compose-file';
import { readRepoFile } from './support/repo';

// The design's configuration names: documented even before the code that reads them lands.
const DESIGN_VARIABLES = [
  'FFE_API_KEY',
  'REDIS_URL',
  'ALPHA_VANTAGE_API_KEY',
  'COINBASE_API_KEY',
  'COINBASE_API_SECRET',
  'OANDA_API_TOKEN',
  'OANDA_ACCOUNT_ID',
  'GRAFANA_ADMIN_PASSWORD',
  'FEATURE_CACHE_RETENTION_DAYS',
];
const SECRET_NAME = /KEY|SECRET|TOKEN|PASSWORD/;

const composeFiles = ['docker-compose.yml', 'docker-compose.prod.yml'];

/** Variables the Compose files interpolate (`${NAME}`, `${NAME:-default}`, `${NAME:?message}`). */
function composeVariables(): string[] {
  return composeFiles.flatMap((file) =>
    [...readRepoFile(file).matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]),
  );
}

/**
 * Secret files the production stack turns into variables (the image entrypoint exports them).
 * Only UPPER_SNAKE names become variables; a lower-case file (the exporter's JSON) is a file.
 */
function secretVariables(): string[] {
  return Object.keys(loadCompose('docker-compose.prod.yml').secrets ?? {}).filter((name) =>
    /^[A-Z][A-Z0-9_]*$/.test(name),
  );
}

function envExample(): { names: string[]; values: Map<string, string> } {
  const entries = readRepoFile('.env.example')
    .split('\n')
    .map((line) => /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null);
  return { names: entries.map((m) => m[1]), values: new Map(entries.map((m) => [m[1], m[2]])) };
}

function readmeTable(): string[] {
  const readme = readRepoFile('README.md');
  const section = readme.slice(readme.indexOf('## Configuration'));
  const end = section.indexOf('\n## ', 1);
  return [
    ...section.slice(0, end < 0 ? undefined : end).matchAll(/^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|/gm),
  ].map((m) => m[1]);
}

function duplicates(names: string[]): string[] {
  return names.filter((name, i) => names.indexOf(name) !== i);
}

// Read at test time: variables other engineers add to the schema are held to the docs at once.
const known = [
  ...new Set([
    ...ENVIRONMENT_VARIABLES,
    ...DESIGN_VARIABLES,
    ...composeVariables(),
    ...secretVariables(),
  ]),
].sort();

describe('environment variables: code, .env.example and README in step', () => {
  it('.env.example lists every variable the app and the stack read, once, and nothing else', () => {
    const { names } = envExample();
    expect(duplicates(names)).toEqual([]);
    expect([...names].sort()).toEqual(known);
  });

  it('the README configuration table lists the same variables, once each', () => {
    const names = readmeTable();
    expect(duplicates(names)).toEqual([]);
    expect([...names].sort()).toEqual(known);
  });

  it('.env.example holds no secret: secret-looking values are empty or change-me placeholders', () => {
    const { values } = envExample();
    for (const [name, value] of values) {
      if (SECRET_NAME.test(name))
        expect({ name, value }).toEqual({ name, value: expect.stringMatching(/^(|change-me.*)$/) });
    }
  });

  it('Compose and Kubernetes set only variables the app reads', () => {
    const appEnvironment = Object.keys(
      loadCompose('docker-compose.yml').services.app.environment ?? {},
    );
    const k8sConfig = readRepoFile('k8s/base/config.env')
      .split('\n')
      .filter((line) => /^[A-Z]/.test(line))
      .map((line) => line.split('=')[0]);
    const read: readonly string[] = ENVIRONMENT_VARIABLES;
    for (const name of [...appEnvironment, ...k8sConfig])
      expect({ name, read: read.includes(name) }).toEqual({ name, read: true });
  });

  it('the Compose files interpolate only documented variables', () => {
    expect(composeVariables().length).toBeGreaterThan(0);
    const { names } = envExample();
    for (const name of composeVariables()) expect(names).toContain(name);
  });
});
