import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RedisServer, freePort } from '@ffe/testing';
import { ApiProcess, buildAll, ffeCtl, runExecutable, type CliResult } from './support/cli-process';

const API_KEY = 'cli-e2e-key-0123456789abcdef';
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const BUILD_AND_BOOT_MS = 180_000;

/**
 * The built ffe-ctl as an operator runs it, against the built API on a Redis of this suite's
 * own. The tests run in order: they walk one bot through its life.
 */
describe('ffe-ctl against a running API', () => {
  let redis: RedisServer;
  let api: ApiProcess;
  let env: Record<string, string>;
  const run = (...args: string[]) => ffeCtl(args, env);
  const json = async <T = Record<string, unknown>>(...args: string[]): Promise<T> => {
    const result = await run('--json', ...args);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    return JSON.parse(result.stdout) as T;
  };
  /** Failures are one line on stderr, nothing on stdout, no stack trace. */
  const expectOneLineError = (result: CliResult, code: number, text: string | RegExp) => {
    expect(result.code).toBe(code);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(text);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  };

  beforeAll(async () => {
    buildAll();
    redis = await RedisServer.start();
    api = await ApiProcess.start(redis.url, API_KEY);
    env = { FFE_API_URL: api.url, FFE_API_KEY: API_KEY };
  }, BUILD_AND_BOOT_MS);

  afterAll(async () => {
    await api?.stop();
    await redis?.stop();
  });

  it('shows help with examples for every command', async () => {
    const commands = [
      [],
      ['bot', 'start'],
      ['bot', 'stop'],
      ['bot', 'emergency-stop'],
      ['bot', 'status'],
      ['positions', 'list'],
      ['positions', 'close'],
      ['trade'],
      ['decisions', 'list'],
      ['decisions', 'create'],
      ['config', 'update'],
      ['cache', 'warm'],
      ['cache', 'stats'],
      ['health', 'check'],
      ['metrics', 'show'],
    ];
    for (const command of commands) {
      const result = await run(...command, '--help');
      expect({ command, code: result.code }).toEqual({ command, code: 0 });
      expect(result.stdout).toContain('Examples:');
      expect(result.stdout).toContain(`ffe-ctl ${command.join(' ')}`.trim());
    }
    expect((await run('--help')).stdout).toMatch(/Exit codes:[\s\S]*3\s+authentication/);
    const emergency = (await run('bot', 'emergency-stop', '--help')).stdout;
    expect(emergency).toMatch(/-y, --yes\s+close positions without asking/);
    expect(emergency).toMatch(/never asks/);
    expect((await run('--help')).stdout).toMatch(/5\s+emergency-stop --close-positions: halted/);
  });

  it('runs as the installed bin and from scripts/ffe-ctl, with the same results', async () => {
    for (const entry of ['apps/cli/bin/ffe-ctl.js', 'scripts/ffe-ctl']) {
      const result = await runExecutable(entry, ['--json', 'health', 'check'], env);
      expect({ entry, code: result.code }).toEqual({ entry, code: 0 });
      expect(JSON.parse(result.stdout)).toMatchObject({ status: 'healthy' });
    }
  });

  it('bot status: a fresh bot is stopped, in a table and as the API JSON', async () => {
    const human = await run('bot', 'status');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/State\s+│\s+stopped/);
    expect(human.stdout).toMatch(/Portfolio value\s+│\s+\$10,000\.00/);
    const status = await json('bot', 'status');
    expect(status).toMatchObject({ state: 'stopped', is_operational: false });
  });

  let positionId: string;

  it('trade: a manual market order opens a position', async () => {
    const result = await json<{ status: string; position: { id: string; asset_pair: string } }>(
      'trade',
      '--pair',
      'BTCUSD',
      '--action',
      'buy',
      '--size',
      '0.01',
    );
    expect(result.position).toMatchObject({ asset_pair: 'BTCUSD' });
    positionId = result.position.id;

    const human = await run('trade', '--pair', 'ETHUSD', '--action', 'BUY', '--size', '0.5');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^Order \S+: \w+/);
    expect(human.stdout).toContain('ETHUSD');
  });

  it('trade: a SELL sells the long (the paper account nets like spot) and shows what it closed', async () => {
    const sold = await run('trade', '--pair', 'ETHUSD', '--action', 'SELL', '--size', '0.2');
    expect(sold.code).toBe(0);
    expect(sold.stdout).toMatch(/^Order \S+: filled/);
    expect(sold.stdout).toMatch(/sold 0\.2 ETHUSD/);
    const refused = await run('trade', '--pair', 'ETHUSD', '--action', 'SELL', '--size', '5');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/400 .*size/);
  });

  it('trade: --expires-at is sent as expires_at; one in the past is refused naming it', async () => {
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const pending = await json<{ status: string }>(
      'trade',
      '--pair',
      'BTCUSD',
      '--action',
      'BUY',
      '--size',
      '0.01',
      '--price',
      '1',
      '--expires-at',
      later,
    );
    expect(pending.status).toBe('pending');
    const past = await run(
      'trade',
      '--pair',
      'BTCUSD',
      '--action',
      'BUY',
      '--size',
      '0.01',
      '--price',
      '1',
      '--expires-at',
      '2000-01-01T00:00:00Z',
    );
    expect(past.code).toBe(1);
    expect(past.stderr).toMatch(/400 .*expires_at/);
  });

  it('trade: the same --idempotency-key twice places one trade; the second is replayed', async () => {
    type Trade = { order_id: string; replayed: boolean; position: { id: string } };
    const before = (await json<{ total_trades: number }>('bot', 'status')).total_trades;
    const args = ['trade', '--pair', 'SOLUSD', '--action', 'BUY', '--size', '1'];
    const first = await json<Trade>(...args, '--idempotency-key', 'cli-e2e-retry-1');
    const second = await json<Trade>(...args, '--idempotency-key', 'cli-e2e-retry-1');
    expect(first.replayed).toBe(false);
    expect(second).toEqual({ ...first, replayed: true });
    expect((await json<{ total_trades: number }>('bot', 'status')).total_trades).toBe(before + 1);
    const human = await run(...args, '--idempotency-key', 'cli-e2e-retry-1');
    expect(human.stdout).toMatch(
      new RegExp(`^Order ${escapeRegExp(first.order_id)}: filled \\(replayed\\)`),
    );
    // Without a key of the operator's, each run is its own trade (the CLI sends a fresh one).
    const other = await json<Trade>(...args);
    expect(other.position.id).not.toBe(first.position.id);
    expect((await json<{ total_trades: number }>('bot', 'status')).total_trades).toBe(before + 2);
    for (const id of [first.position.id, other.position.id])
      expect((await run('positions', 'close', id)).code).toBe(0);
    expectOneLineError(
      await run(...args, '--idempotency-key', 'not a key!'),
      1,
      /400 .*Idempotency-Key/,
    );
  });

  it('trade: a bad --size is refused with the server message (exit 1)', async () => {
    expectOneLineError(
      await run('trade', '--pair', 'BTCUSD', '--action', 'BUY', '--size', '0'),
      1,
      /400 VALIDATION_FAILED: size: must be a positive number/,
    );
    expectOneLineError(
      await run('trade', '--pair', 'BTCUSD', '--action', 'BUY', '--size', 'lots'),
      1,
      /--size must be a number/,
    );
  });

  it('positions list: both positions, money formatted', async () => {
    const list = await json<{ positions: { id: string }[]; count: number }>('positions', 'list');
    expect(list.count).toBe(2);
    expect(list.positions.map((p) => p.id)).toContain(positionId);
    const human = await run('positions', 'list');
    expect(human.stdout).toContain(positionId);
    expect(human.stdout).toMatch(/2 position\(s\), total value \$[\d,]+\.\d\d/);
  });

  it('positions close: closes one; again closes nothing and says so (exit 0); unknown is 404', async () => {
    const closed = await json<{ id: string; status: string; realized_pnl: number }>(
      'positions',
      'close',
      positionId,
    );
    expect(closed).toMatchObject({ id: positionId, status: 'closed' });
    const trades = (await json<{ total_trades: number }>('bot', 'status')).total_trades;
    // A retry whose first answer was lost: the position is closed, which is what was asked.
    const again = await run('positions', 'close', positionId);
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(again.stdout).toMatch(
      new RegExp(
        `^Already closed: position ${positionId} is already closed \\(manual at \\S+Z, ` +
          `exit price [\\d.]+, realized P&L ${escapeRegExp(closed.realized_pnl.toFixed(2))}\\)\n$`,
      ),
    );
    const againJson = await run('--json', 'positions', 'close', positionId);
    expect(againJson.code).toBe(0);
    expect(JSON.parse(againJson.stdout)).toMatchObject({
      statusCode: 409,
      code: 'POSITION.CLOSED',
    });
    expect((await json<{ total_trades: number }>('bot', 'status')).total_trades).toBe(trades);
    expect((await json<{ count: number }>('positions', 'list')).count).toBe(1);
    expectOneLineError(
      await run('positions', 'close', 'no-such-position'),
      1,
      /^ffe-ctl: 404 POSITION\.NOT_FOUND: no position no-such-position/,
    );
  });

  it('bot start: starts with the flags given; other parameters while running are a 409', async () => {
    const started = await json<{ state: string; config: Record<string, unknown> }>(
      'bot',
      'start',
      '--assets',
      'BTCUSD,ETHUSD',
      '--take-profit',
      '0.05',
      '--stop-loss',
      '0.02',
      '--dry-run',
      '--no-autonomous',
    );
    expect(started.state).toBe('running');
    expect(started.config).toMatchObject({
      asset_pairs: ['BTCUSD', 'ETHUSD'],
      take_profit: 0.05,
      stop_loss: 0.02,
      dry_run: true,
      autonomous: false,
    });
    const again = await run('bot', 'start', '--assets', 'BTCUSD,ETHUSD');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/State\s+│\s+running/);
    expectOneLineError(
      await run('bot', 'start', '--assets', 'SOLUSD'),
      1,
      /409 BOT\.ALREADY_RUNNING: .*asset_pairs/,
    );
  });

  it('config update: every flag lands in its field; out of range is the server 400', async () => {
    const status = await json<{ config: Record<string, unknown> }>(
      'config',
      'update',
      '--stop-loss',
      '3',
      '--position-size',
      '5',
      '--confidence',
      '0.7',
      '--max-trades',
      '4',
    );
    // --stop-loss is percent; it sets the one stop-loss distance (start's fraction too).
    expect(status.config).toMatchObject({
      stop_loss: 0.03,
      stop_loss_pct: 3,
      position_size_pct: 5,
      confidence_threshold: 0.7,
      max_concurrent_trades: 4,
    });
    const human = await run('config', 'update', '--position-size', '7.5');
    expect(human.stdout).toMatch(/Position size\s+│\s+7\.50% of portfolio/);
    expect(human.stdout).toMatch(/Stop loss\s+│\s+3\.00% from entry/);
    // A fraction where percent is meant (as the original guide wrote it): done, and said.
    const tiny = await run('config', 'update', '--stop-loss', '0.025');
    expect(tiny.code).toBe(0);
    expect(tiny.stdout).toMatch(/Stop loss\s+│\s+0\.03% from entry/);
    expect(tiny.stderr).toBe(
      'ffe-ctl: note: --stop-loss is in percent: 0.025 is a stop 0.025% from entry ' +
        '(for 2.5% pass 2.5)\n',
    );
    expect((await json('config', 'update', '--stop-loss', '3')).config).toMatchObject({
      stop_loss: 0.03,
    });
    const help = (await run('config', 'update', '--help')).stdout;
    expect(help).toMatch(
      /--stop-loss <pct>\s+stop-loss distance from entry for new entries, in\s+PERCENT/,
    );
    expect((await run('bot', 'start', '--help')).stdout).toMatch(
      /--stop-loss <fraction>\s+stop-loss distance from entry as a FRACTION/,
    );
    expectOneLineError(
      await run('config', 'update', '--max-trades', '1000'),
      1,
      /400 .*max_concurrent_trades/,
    );
    expectOneLineError(await run('config', 'update'), 1, /name at least one setting/);
  });

  it('decisions: create one, then find it in the list', async () => {
    const decision = await json<{ decision_id: string; asset_pair: string; action: string }>(
      'decisions',
      'create',
      '--pair',
      'BTCUSD',
    );
    expect(decision.asset_pair).toBe('BTCUSD');
    expect(['BUY', 'SELL', 'HOLD']).toContain(decision.action);
    const list = await json<{ decisions: { decision_id: string }[]; count: number }>(
      'decisions',
      'list',
      '--limit',
      '5',
    );
    expect(list.decisions.map((d) => d.decision_id)).toContain(decision.decision_id);
    const human = await run('decisions', 'list');
    expect(human.stdout).toContain(decision.decision_id);
    const created = await run('decisions', 'create', '--pair', 'ETHUSD');
    expect(created.stdout).toMatch(/Pair\s+│\s+ETHUSD/);
    expectOneLineError(await run('decisions', 'list', '--limit', '0'), 1, /400 .*limit/);
    expectOneLineError(await run('decisions', 'create', '--pair', 'nope'), 1, /400 .*asset_pair/);
  });

  it('cache warm and stats', async () => {
    const warm = await json<{ queued: { symbol: string }[] }>('cache', 'warm', 'SOLUSD', 'EURUSD');
    expect(warm.queued.map((q) => q.symbol)).toEqual(['SOLUSD', 'EURUSD']);
    const stats = await json<{ symbols: unknown[]; totals: { entries: number } }>('cache', 'stats');
    expect(stats.totals).toEqual(expect.objectContaining({ entries: expect.any(Number) }));
    const human = await run('cache', 'stats');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/TOTAL/);
    expect(human.stdout).toMatch(/L1 \(this replica\)/);
    expectOneLineError(await run('cache', 'warm', 'bad symbol!'), 1, /400 .*symbol/);
  });

  it('metrics show: ffe_* and featurestore_* families, parsed', async () => {
    const families = await json<
      { name: string; type: string; series: { value: number | null }[] }[]
    >('metrics', 'show');
    const names = families.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['ffe_agent_state', 'featurestore_hits_total']));
    expect(names.every((n) => n.startsWith('ffe_') || n.startsWith('featurestore_'))).toBe(true);
    const state = families.find((f) => f.name === 'ffe_agent_state');
    expect(state?.type).toBe('gauge');
    expect(typeof state?.series[0].value).toBe('number');
    const all = await json<{ name: string }[]>('metrics', 'show', '--all');
    expect(all.length).toBeGreaterThan(families.length);
    const human = await run('metrics', 'show');
    expect(human.stdout).toMatch(/ffe_agent_state\s+│\s+gauge/);
  });

  it('health check: healthy exits 0', async () => {
    const report = await json<{ status: string; components: Record<string, unknown> }>(
      'health',
      'check',
    );
    expect(report.status).toBe('healthy');
    expect(Object.keys(report.components)).toContain('redis');
    const human = await run('health', 'check');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/Overall: healthy/);
  });

  it('bot stop: the bot stops entering (stopping until the next cycle settles it)', async () => {
    const human = await run('bot', 'stop');
    expect(human).toMatchObject({ code: 0, stdout: 'Bot state: stopping\n' });
    expect((await json('bot', 'stop')).state).toBe('stopping');
    expect((await json('bot', 'status')).is_operational).toBe(false);
  });

  it('bot emergency-stop: halts without asking off a terminal; --close-positions needs --yes', async () => {
    // Run as cron or an alert hook runs it: stdin is not a terminal, nobody can answer.
    expect((await json('bot', 'start')).state).toBe('running');
    const halt = await run('bot', 'emergency-stop');
    expect(halt).toEqual({ code: 0, stdout: 'Bot state: emergency_stopped\n', stderr: '' });
    expect((await json('bot', 'status')).state).toBe('emergency_stopped');

    // Closing every position is irreversible: without --yes the bot is halted, nothing closed.
    expect((await json('bot', 'start')).state).toBe('running');
    const unconfirmed = await run('--json', 'bot', 'emergency-stop', '--close-positions');
    expect(unconfirmed.code).toBe(5);
    expect(unconfirmed.stderr).toBe(
      'ffe-ctl: bot halted (emergency_stopped); positions NOT closed: stdin is not a terminal, ' +
        'so nobody confirmed closing them; pass --yes\n',
    );
    expect(JSON.parse(unconfirmed.stdout)).toEqual({
      state: 'emergency_stopped',
      closed: [],
      failed: [],
    });
    expect((await json('bot', 'status')).state).toBe('emergency_stopped');
    expect((await json<{ count: number }>('positions', 'list')).count).toBe(1);

    // The bot runs dry, yet the position is real: dry-run holds new risk only, so the
    // emergency close reaches the venue like any exit.
    const dry = await json<{ state: string; closed: string[]; failed: unknown[] }>(
      'bot',
      'emergency-stop',
      '--close-positions',
      '--yes',
    );
    expect(dry.state).toBe('emergency_stopped');
    expect(dry.closed).toHaveLength(1);
    expect(dry.failed).toEqual([]);
    expect((await json<{ count: number }>('positions', 'list')).count).toBe(0);

    // Only an explicit start leaves the latch.
    expect((await json('bot', 'start', '--no-dry-run')).state).toBe('running');
    const again = await run('bot', 'emergency-stop');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/emergency_stopped/);
    expectOneLineError(
      await run('trade', '--pair', 'BTCUSD', '--action', 'BUY', '--size', '0.01'),
      1,
      /409 .*emergency stop/,
    );
  }, 30_000);

  it('401 without a key and 403 with a wrong one: exit 3', async () => {
    expectOneLineError(
      await ffeCtl(['bot', 'status'], { FFE_API_URL: api.url }),
      3,
      /authentication failed \(401\).*--api-key or FFE_API_KEY/,
    );
    expectOneLineError(
      await run('--api-key', 'not-the-key', 'positions', 'list'),
      3,
      /authentication failed \(403\)/,
    );
  });

  it('an unreachable API: exit 2, health check too', async () => {
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    expectOneLineError(
      await run('--api-url', nowhere, 'bot', 'status'),
      2,
      /cannot reach the API .*ECONNREFUSED/,
    );
    expectOneLineError(
      await run('--api-url', nowhere, 'health', 'check'),
      2,
      /cannot reach the API/,
    );
  });

  it('usage errors: exit 1', async () => {
    const missing = await run('trade', '--pair', 'BTCUSD');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/required option '--action/);
    expect((await run('--timeout', 'soon', 'bot', 'status')).code).toBe(1);
  });
});

/** A local server that never answers, and one that reports a chosen health. */
describe('ffe-ctl against a stub server', () => {
  let server: Server;
  let url: string;
  const held: ServerResponse[] = [];
  const heldKeys: (string | undefined)[] = [];
  let health: { code: number; status: string } = { code: 200, status: 'degraded' };

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/health') {
        res.writeHead(health.code, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            status: health.status,
            components: { redis: { status: health.status } },
          }),
        );
        return;
      }
      heldKeys.push(req.headers['idempotency-key'] as string | undefined);
      held.push(res); // never answered
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const res of held) res.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('a request that gets no answer within --timeout: exit 4, one line', async () => {
    const result = await ffeCtl(['--api-url', url, '--timeout', '300', 'bot', 'status'], {
      FFE_API_KEY: 'k',
    });
    expect(result.code).toBe(4);
    expect(result.stderr).toBe(`ffe-ctl: no answer from ${url} within 300 ms (raise --timeout?)\n`);
  });

  it('trade: always sends an Idempotency-Key, one per run, and names it when no answer came', async () => {
    const trade = (...extra: string[]) =>
      ffeCtl(
        [
          '--api-url',
          url,
          '--timeout',
          '300',
          'trade',
          '--pair',
          'BTCUSD',
          '--action',
          'BUY',
        ].concat(['--size', '1'], extra),
        { FFE_API_KEY: 'k' },
      );
    heldKeys.length = 0;
    const results = [await trade(), await trade(), await trade('--idempotency-key', 'mine-1')];
    expect(heldKeys).toHaveLength(3);
    const [a, b, mine] = heldKeys;
    expect(a).toMatch(/^ffe-ctl-[0-9a-f-]{36}$/);
    expect(b).toMatch(/^ffe-ctl-[0-9a-f-]{36}$/);
    expect(a).not.toBe(b);
    expect(mine).toBe('mine-1');
    results.forEach((result, i) => {
      expect(result.code).toBe(4);
      expect(result.stderr).toBe(
        `ffe-ctl: no answer from ${url} within 300 ms (raise --timeout?); the order may have ` +
          `been placed: to retry without trading twice, add --idempotency-key ${heldKeys[i]}\n`,
      );
    });
  });

  it('health check: degraded exits 1, unhealthy (503) exits 2', async () => {
    health = { code: 200, status: 'degraded' };
    const degraded = await ffeCtl(['--api-url', url, 'health', 'check']);
    expect(degraded.code).toBe(1);
    expect(degraded.stdout).toMatch(/Overall: degraded/);

    health = { code: 503, status: 'unhealthy' };
    const unhealthy = await ffeCtl(['--api-url', url, '--json', 'health', 'check']);
    expect(unhealthy.code).toBe(2);
    expect(JSON.parse(unhealthy.stdout)).toMatchObject({ status: 'unhealthy' });
  });
});
