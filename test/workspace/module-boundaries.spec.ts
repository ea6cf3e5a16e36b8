import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '../..');

/** Runs the real ESLint CLI (as `npm run lint` does) on code given for a path in the repo. */
async function lint(filePath: string, code: string): Promise<string[]> {
  const eslint = join(root, 'node_modules/.bin/eslint');
  const args = ['--format', 'json', '--stdin', '--stdin-filename', join(root, filePath)];
  let stdout: string;
  try {
    stdout = execFileSync(eslint, args, { cwd: root, input: code, encoding: 'utf8' });
  } catch (error) {
    stdout = (error as { stdout: string }).stdout; // exit 1 means findings
  }
  const [result] = JSON.parse(stdout) as { messages: { ruleId: string; message: string }[] }[];
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('Nx module boundaries', () => {
  beforeAll(() => {
    // The rule reads Nx's cached project graph; computing it makes the rule run, not skip.
    execFileSync('npx', ['nx', 'show', 'projects'], {
      cwd: root,
      env: { ...process.env, NX_DAEMON: 'false' },
    });
  }, 60_000);

  it('fails a lib that imports an app', async () => {
    const messages = await lint(
      'libs/domain/src/bad.ts',
      "import { AppModule } from '@ffe/api';\nexport const x = AppModule;\n",
    );
    expect(messages.join('\n')).toMatch(/@nx\/enforce-module-boundaries/);
  });

  it('fails the domain importing a framework', async () => {
    const messages = await lint(
      'libs/domain/src/bad.ts',
      "import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n",
    );
    expect(messages.join('\n')).toMatch(/@nx\/enforce-module-boundaries.*@nestjs\/common/);
  });

  it('fails the CLI importing API code', async () => {
    const messages = await lint(
      'apps/cli/src/bad.ts',
      "import { AppModule } from '@ffe/api';\nexport const x = AppModule;\n",
    );
    expect(messages.join('\n')).toMatch(/@nx\/enforce-module-boundaries/);
  });

  it('lets the API use the domain and contracts', async () => {
    const messages = await lint(
      'apps/api/src/ok.ts',
      "import { NotFoundError } from '@ffe/domain';\nimport { API_PREFIX } from '@ffe/contracts';\nexport const x = [NotFoundError, API_PREFIX];\n",
    );
    expect(messages).toEqual([]);
  });
});
