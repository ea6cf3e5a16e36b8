import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config';
import { ENVIRONMENT_VARIABLES } from './environment.schema';

const KEY = 'k'.repeat(24);

function errorOf(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({ FFE_API_KEY: KEY });
    expect(config.http).toEqual({
      host: '0.0.0.0',
      port: 8000,
      bodyLimitBytes: 1048576,
      rateLimitPerMinute: 600,
      timeouts: { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000 },
      trustProxy: false,
    });
    expect(config.redis).toEqual({ kind: 'standalone', url: 'redis://127.0.0.1:6379' });
    expect(config.auth).toEqual({ apiKey: KEY, disabled: false });
  });

  it('refuses to start without an API key unless auth is disabled explicitly', () => {
    expect(errorOf({}).message).toMatch(/^invalid configuration: FFE_API_KEY is required/);
    expect(errorOf({ FFE_AUTH_DISABLED: 'false' }).variable).toBe('FFE_API_KEY');
    expect(loadConfig({ FFE_AUTH_DISABLED: 'true' }).auth).toEqual({
      apiKey: undefined,
      disabled: true,
    });
  });

  it('treats an empty variable as unset', () => {
    expect(errorOf({ FFE_API_KEY: '' }).variable).toBe('FFE_API_KEY');
    expect(loadConfig({ FFE_API_KEY: KEY, PORT: '' }).http.port).toBe(8000);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ REDIS_URL: 'http://localhost:6379' }, 'REDIS_URL'],
    [{ FFE_AUTH_DISABLED: 'yes' }, 'FFE_AUTH_DISABLED'],
    [{ REDIS_SENTINELS: 'a:1,b' }, 'REDIS_SENTINELS'],
    [{ REDIS_SENTINELS: 'a:1', REDIS_CLUSTER_NODES: 'b:2' }, 'REDIS_CLUSTER_NODES'],
    [{ SHUTDOWN_TIMEOUT_MS: '5' }, 'SHUTDOWN_TIMEOUT_MS'],
  ])('names the wrong variable in one line: %j', (env, variable) => {
    const error = errorOf({ FFE_API_KEY: KEY, ...env });
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
    expect(error.message).not.toContain('\n');
  });

  it('never echoes a secret back', () => {
    const error = errorOf({ FFE_API_KEY: 'short-secret' });
    expect(error.variable).toBe('FFE_API_KEY');
    expect(error.message).not.toContain('short-secret');
  });

  describe('masks URL credentials in the error line, whatever the variable', () => {
    const malformed = [
      'redis://:supersecret@host/ x',
      'redis://user:supersecret@host:port',
      'http://user:supersecret@host/ x',
      'https://:supersecret@ho st',
      'user:supersecret@host x',
    ];
    const cases = ENVIRONMENT_VARIABLES.flatMap((variable) =>
      malformed.map((value) => [variable, value] as const),
    );
    it.each(cases)('%s=%s', (variable, value) => {
      let message = '';
      try {
        loadConfig({ FFE_API_KEY: KEY, MARKET_DATA_SOURCE: 'simulated', [variable]: value });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).not.toContain('supersecret');
    });

    it.each([
      ['REDIS_URL', 'redis://:supersecret@host/ x', 'redis://***@host/ x'],
      ['LLM_BASE_URL', 'http://u:supersecret@llm/ x', 'http://***@llm/ x'],
      ['ALPHA_VANTAGE_BASE_URL', 'ftp://u:supersecret@av', 'ftp://***@av'],
      ['OANDA_BASE_URL', 'https://:supersecret@o x', 'https://***@o x'],
    ])('still names %s and shows the rest of the value', (variable, value, shown) => {
      const error = errorOf({ FFE_API_KEY: KEY, [variable]: value });
      expect(error.variable).toBe(variable);
      expect(error.message).toContain(`(got "${shown}")`);
      expect(error.message).not.toContain('supersecret');
    });

    it('checks that the masked URLs above would fail validation at all', () => {
      const failing = ENVIRONMENT_VARIABLES.filter((variable) => {
        try {
          loadConfig({ FFE_API_KEY: KEY, [variable]: malformed[0] });
          return false;
        } catch {
          return true;
        }
      });
      expect(failing).toEqual(expect.arrayContaining(['REDIS_URL', 'LLM_BASE_URL', 'PORT']));
    });
  });

  describe('REDIS_PASSWORD', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ffe-config-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('applies to every topology', () => {
      for (const extra of [{}, { REDIS_SENTINELS: 's:1' }, { REDIS_CLUSTER_NODES: 'n:1' }]) {
        const config = loadConfig({ FFE_API_KEY: KEY, REDIS_PASSWORD: 'pw', ...extra });
        expect(config.redis.password).toBe('pw');
      }
    });

    it('is read from REDIS_PASSWORD_FILE without its trailing newline', () => {
      const file = join(dir, 'REDIS_PASSWORD');
      writeFileSync(file, 'from-file\n');
      expect(loadConfig({ FFE_API_KEY: KEY, REDIS_PASSWORD_FILE: file }).redis.password).toBe(
        'from-file',
      );
    });

    it.each([
      [{ REDIS_PASSWORD: 'a', REDIS_PASSWORD_FILE: '/x' }, /cannot be set together/],
      [{ REDIS_PASSWORD_FILE: '/nonexistent/REDIS_PASSWORD' }, /cannot be read \(ENOENT/],
    ])('refuses %j in one line naming REDIS_PASSWORD_FILE', (env, reason) => {
      const error = errorOf({ FFE_API_KEY: KEY, ...env });
      expect(error.variable).toBe('REDIS_PASSWORD_FILE');
      expect(error.message).toMatch(reason);
    });
  });

  it('reads Sentinel and Cluster topologies with credentials from REDIS_URL', () => {
    const sentinel = loadConfig({
      FFE_API_KEY: KEY,
      REDIS_URL: 'redis://:pw@ignored:6379/2',
      REDIS_SENTINELS: 's1:26379,s2:26380',
      REDIS_SENTINEL_MASTER: 'trading',
    }).redis;
    expect(sentinel).toMatchObject({
      kind: 'sentinel',
      masterName: 'trading',
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26380 },
      ],
    });
    const cluster = loadConfig({ FFE_API_KEY: KEY, REDIS_CLUSTER_NODES: 'n1:7000' }).redis;
    expect(cluster).toMatchObject({ kind: 'cluster', nodes: [{ host: 'n1', port: 7000 }] });
  });
});
