import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import type { PromptIo } from './confirm';
import { CliError, ExitCode } from './exit-codes';
import { buildProgram } from './program';

/** A terminal whose operator types `answer` once asked; `asked()` is what they were shown. */
function terminal(answer: string | null, isTTY = true) {
  const input = Object.assign(new PassThrough(), { isTTY });
  const output = new PassThrough();
  let asked = '';
  output.on('data', (chunk) => (asked += chunk));
  if (answer !== null) output.once('data', () => input.write(`${answer}\n`));
  return { io: { input, output } as PromptIo, asked: () => asked };
}

/**
 * `bot emergency-stop` in process against a stub API that records each call, so the order of
 * the halt and the close, and whether anyone was asked, can be seen.
 */
describe('bot emergency-stop: the halt never waits for a confirmation', () => {
  let server: Server;
  let url: string;
  let calls: string[];
  let stdout: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      calls.push(`${req.method} ${req.url}`);
      const closing = req.url?.endsWith('close_positions=true');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ state: 'emergency_stopped', closed: closing ? ['p1'] : [], failed: [] }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    calls = [];
    stdout = '';
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      stdout += String(chunk);
      return true;
    });
  });
  afterEach(() => jest.restoreAllMocks());

  const HALT = 'POST /api/v1/bot/emergency-stop?close_positions=false';
  const CLOSE = 'POST /api/v1/bot/emergency-stop?close_positions=true';
  const run = (io: PromptIo, ...args: string[]) =>
    buildProgram({ FFE_API_URL: url, FFE_API_KEY: 'k' }, io)
      .exitOverride()
      .parseAsync(['node', 'ffe-ctl', 'bot', 'emergency-stop', ...args]);

  it('halts without asking, on a terminal too (nobody has to answer)', async () => {
    const t = terminal(null); // an operator who never answers
    await run(t.io);
    expect(calls).toEqual([HALT]);
    expect(t.asked()).toBe('');
    expect(stdout).toContain('emergency_stopped');
  });

  it('--close-positions on a terminal: halts first, then closes once the operator says yes', async () => {
    const t = terminal('yes');
    await run(t.io, '--close-positions');
    expect(calls).toEqual([HALT, CLOSE]);
    expect(t.asked()).toContain('close every open position at the market');
    expect(stdout).toContain('Closed 1 position(s): p1');
  });

  it('--close-positions declined on a terminal: halted, nothing closed, exit 5', async () => {
    const t = terminal('no');
    await expect(run(t.io, '--close-positions')).rejects.toEqual(
      new CliError(
        'bot halted (emergency_stopped); positions NOT closed: not confirmed',
        ExitCode.haltedPositionsOpen,
      ),
    );
    expect(calls).toEqual([HALT]);
  });

  it('--close-positions off a terminal without --yes: halted, nothing closed, exit 5', async () => {
    const t = terminal('yes', false);
    const result = run(t.io, '--close-positions');
    await expect(result).rejects.toMatchObject({
      exitCode: ExitCode.haltedPositionsOpen,
      message: expect.stringMatching(/^bot halted .*positions NOT closed: .*pass --yes$/),
    });
    expect(calls).toEqual([HALT]);
    expect(t.asked()).toBe('');
  });

  it('--close-positions --yes: one call that halts and closes, no question', async () => {
    const t = terminal(null);
    await run(t.io, '--close-positions', '--yes');
    expect(calls).toEqual([CLOSE]);
    expect(t.asked()).toBe('');
  });
});
