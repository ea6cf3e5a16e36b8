import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { tsNodeArgs } from '@ffe/testing';
import type { Command } from 'commander';
import { buildProgram } from '../src/program';

const MAIN = join(__dirname, '../src/main.ts');
const API_KEY = 'help-must-not-show-0123456789abcdef';
const URL_PASSWORD = 'url-password-0123456789';

/** Every command path of the tree: [], ['bot'], ['bot', 'start'], ... */
function commandPaths(command: Command, prefix: string[] = []): string[][] {
  return [prefix, ...command.commands.flatMap((sub) => commandPaths(sub, [...prefix, sub.name()]))];
}

function help(path: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, tsNodeArgs(MAIN, [...path, '--help']), {
      env: { ...process.env, ...env },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(output));
  });
}

/** The ffe-ctl sources as an operator would run them, with the key in the environment. */
describe('ffe-ctl --help never prints a secret', () => {
  const paths = commandPaths(buildProgram({}));
  const env = { FFE_API_KEY: API_KEY, FFE_API_URL: `http://ops:${URL_PASSWORD}@api.test:8000` };
  let outputs: { path: string[]; text: string }[] = [];

  beforeAll(async () => {
    outputs = [];
    // Two at a time: each is a Node process compiling the sources.
    for (let i = 0; i < paths.length; i += 2) {
      const batch = paths.slice(i, i + 2);
      const texts = await Promise.all(batch.map((path) => help(path, env)));
      batch.forEach((path, j) => outputs.push({ path, text: texts[j] }));
    }
  }, 180_000);

  it('covers the program and every subcommand', () => {
    expect(paths.length).toBeGreaterThan(10);
    expect(outputs.map((o) => o.path)).toEqual(paths);
    for (const { text } of outputs) expect(text).toMatch(/Usage: ffe-ctl/);
  });

  it('says whether FFE_API_KEY is set, never its value nor a URL password', () => {
    const root = outputs[0].text;
    expect(root).toContain('(env FFE_API_KEY, set)');
    expect(root).toContain('http://***@api.test:8000');
    for (const { path, text } of outputs) {
      expect({ path, leaked: text.includes(API_KEY) }).toEqual({ path, leaked: false });
      expect({ path, leaked: text.includes(URL_PASSWORD) }).toEqual({ path, leaked: false });
    }
  });

  it('says "not set" when it is not', async () => {
    const text = await help([], { FFE_API_KEY: '' });
    expect(text).toContain('(env FFE_API_KEY, not set)');
  });
});
