import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { waitFor } from '@ffe/testing';
import { ROOT, readRepoFile, run } from './support/repo';

const text = readRepoFile('Dockerfile');
const dockerfile = DockerfileParser.parse(text);
const froms = dockerfile.getFROMs();
const ENTRYPOINT_SCRIPT = join(ROOT, 'scripts/docker/entrypoint.sh');

/** The instructions of one build stage, by its name. */
function stage(name: string): Instruction[] {
  const index = froms.findIndex((from) => from.getBuildStage() === name);
  expect(index).toBeGreaterThanOrEqual(0);
  const start = froms[index].getRange().start.line;
  const end = froms[index + 1]?.getRange().start.line ?? Infinity;
  return dockerfile
    .getInstructions()
    .filter((i) => i.getRange().start.line >= start && i.getRange().start.line < end);
}

function args(instruction: Instruction): string {
  return instruction.getArgumentsContent() ?? '';
}

function execForm(instruction: Instruction | undefined): string[] {
  expect(instruction).toBeDefined();
  return JSON.parse(args(instruction as Instruction).replace(/^CMD\s+/, '')) as string[];
}

describe('Dockerfile', () => {
  it('passes the Dockerfile linter (dockerfile-utils, the VS Code Docker language service rules)', () => {
    const problems = validate(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
    expect(problems).toEqual([]);
  });

  it('the linter does report a broken Dockerfile (the check is real)', () => {
    expect(
      validate('FROM node:20.20.2\nCOPY onlyonearg\nHEALTHCHECK CMD\n').length,
    ).toBeGreaterThan(0);
  });

  it('is multi-stage from one base image pinned by version', () => {
    expect(froms.map((f) => f.getBuildStage())).toEqual(['base', 'build', 'prod-deps', 'runtime']);
    const [base, ...rest] = froms;
    expect(base.getImageName()).toBe('node');
    expect(base.getImageTag()).toMatch(/^\d+\.\d+\.\d+-[a-z]+-slim$/);
    for (const from of rest) expect(from.getImageName()).toBe('base');
  });

  it('installs production dependencies only for the final image, and nothing in the final stage', () => {
    const prodInstall = stage('prod-deps')
      .filter((i) => i.getKeyword() === 'RUN')
      .map(args);
    expect(prodInstall).toEqual([expect.stringMatching(/^npm ci --omit=dev --ignore-scripts\b/)]);
    const runtime = stage('runtime');
    expect(runtime.filter((i) => i.getKeyword() === 'RUN')).toEqual([]);
    const copiedFrom = runtime
      .filter((i) => i.getKeyword() === 'COPY')
      .map((i) => /--from=(\S+)/.exec(i.getTextContent())?.[1] ?? 'context');
    expect(copiedFrom).toEqual(['prod-deps', 'context']);
    // The build stage assembles the runtime tree with the script the runtime-layout test runs.
    expect(stage('build').map(args).join('\n')).toMatch(
      /sh scripts\/docker\/runtime-tree\.sh \/runtime/,
    );
  });

  it('runs as a non-root user given by number (Kubernetes runAsNonRoot can verify it)', () => {
    const users = stage('runtime')
      .filter((i) => i.getKeyword() === 'USER')
      .map(args);
    expect(users).toHaveLength(1);
    expect(users[0]).toMatch(/^[1-9]\d*:[1-9]\d*$/);
  });

  it('checks its health on /live, in exec form', () => {
    const [healthcheck] = dockerfile.getHEALTHCHECKs();
    expect(healthcheck.getSubcommand()?.getValue()).toBe('CMD');
    const command = execForm(healthcheck);
    expect(command[0]).toBe('node');
    expect(command.join(' ')).toMatch(/\/live'/);
  });

  it('starts node in exec form behind an entrypoint that execs it, so SIGTERM reaches node', () => {
    expect(execForm(dockerfile.getCMDs()[0])).toEqual(['node', 'apps/api/dist/main.js']);
    expect(execForm(dockerfile.getENTRYPOINTs()[0])).toEqual(['/usr/local/bin/ffe-entrypoint']);
    expect(text).toMatch(/COPY scripts\/docker\/entrypoint\.sh \/usr\/local\/bin\/ffe-entrypoint/);
    const lines = readFileSync(ENTRYPOINT_SCRIPT, 'utf8').trim().split('\n');
    expect(lines[lines.length - 1]).toBe('exec "$@"');
  });

  it('keeps secrets, local state and build output out of the build context', () => {
    const ignored = readRepoFile('.dockerignore').split('\n');
    for (const entry of [
      '.git',
      '**/node_modules',
      '**/dist',
      '.env',
      'secrets',
      'monitoring/alertmanager/secrets',
    ]) {
      expect(ignored).toContain(entry);
    }
  });
});

describe('image entrypoint (scripts/docker/entrypoint.sh)', () => {
  function secretsDir(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'ffe-secrets-'));
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    return dir;
  }

  it('exports each non-empty UPPER_SNAKE secret file as a variable; the file wins over .env', () => {
    const dir = secretsDir({
      FFE_API_KEY: 'from-the-file\n',
      OANDA_API_TOKEN: '',
      'not-a-var': 'x',
    });
    const { status, stdout } = run(
      'sh',
      [
        ENTRYPOINT_SCRIPT,
        'node',
        '-e',
        'console.log(JSON.stringify([process.env.FFE_API_KEY, process.env.OANDA_API_TOKEN ?? null]))',
      ],
      {
        env: {
          FFE_SECRETS_DIR: dir,
          FFE_API_KEY: 'placeholder-from-env',
          OANDA_API_TOKEN: undefined,
        },
      },
    );
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual(['from-the-file', null]);
  });

  it('runs without a secrets folder', () => {
    const { status, stdout } = run('sh', [ENTRYPOINT_SCRIPT, 'echo', 'started'], {
      env: { FFE_SECRETS_DIR: '/nonexistent' },
    });
    expect({ status, stdout }).toEqual({ status: 0, stdout: 'started\n' });
  });

  it('hands the process over to node: SIGTERM to the container process reaches node', async () => {
    const child = spawn(
      'sh',
      [
        ENTRYPOINT_SCRIPT,
        'node',
        '-e',
        "process.on('SIGTERM', () => { console.log('drained'); process.exit(0); }); console.log('ready'); setInterval(() => {}, 1000);",
      ],
      { env: { ...process.env, FFE_SECRETS_DIR: '/nonexistent' } },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    await waitFor(() => output.includes('ready'), { timeoutMs: 10_000, what: 'node to start' });
    child.kill('SIGTERM'); // the pid Docker signals is the one the entrypoint exec'd into
    expect(await exited).toBe(0);
    expect(output).toContain('drained');
  });
});
