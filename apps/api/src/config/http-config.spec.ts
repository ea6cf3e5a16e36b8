import { ConfigError, loadConfig } from './app-config';

const KEY = 'k'.repeat(24);

function errorOf(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig({ FFE_API_KEY: KEY, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('HTTP connection bounds', () => {
  it('reads the three bounds', () => {
    const config = loadConfig({
      FFE_API_KEY: KEY,
      HTTP_HEADERS_TIMEOUT_MS: '2000',
      HTTP_REQUEST_TIMEOUT_MS: '4000',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '1500',
    });
    expect(config.http.timeouts).toEqual({ headersMs: 2000, requestMs: 4000, keepAliveMs: 1500 });
  });

  it.each([
    [{ HTTP_HEADERS_TIMEOUT_MS: '0' }, 'HTTP_HEADERS_TIMEOUT_MS'],
    [{ HTTP_REQUEST_TIMEOUT_MS: 'soon' }, 'HTTP_REQUEST_TIMEOUT_MS'],
    [{ HTTP_REQUEST_TIMEOUT_MS: '0' }, 'HTTP_REQUEST_TIMEOUT_MS'],
    [{ HTTP_KEEP_ALIVE_TIMEOUT_MS: '9999999' }, 'HTTP_KEEP_ALIVE_TIMEOUT_MS'],
    [
      { HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '10000' },
      'HTTP_HEADERS_TIMEOUT_MS',
    ],
  ])('refuses %j in one line naming it', (env, variable) => {
    const error = errorOf(env);
    expect(error.variable).toBe(variable);
    expect(error.message).not.toContain('\n');
  });
});

describe('TRUST_PROXY', () => {
  const trustProxy = (value?: string) =>
    loadConfig({ FFE_API_KEY: KEY, ...(value === undefined ? {} : { TRUST_PROXY: value }) }).http
      .trustProxy;

  it('trusts no proxy by default: X-Forwarded-For names nobody', () => {
    expect(trustProxy()).toBe(false);
    expect(trustProxy('0')).toBe(false);
  });

  it('reads a hop count or a list of addresses and ranges', () => {
    expect(trustProxy('1')).toBe(1);
    expect(trustProxy('10.0.0.0/8, 192.168.1.7,::1,fd00::/8,loopback')).toEqual([
      '10.0.0.0/8',
      '192.168.1.7',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
  });

  it.each(['true', 'yes', '10.0.0.0/33', '300.1.1.1', '10.0.0.1/8/1', 'proxy.local', '11', '1,'])(
    'refuses %j in one line naming TRUST_PROXY',
    (value) => {
      const error = errorOf({ TRUST_PROXY: value });
      expect(error.variable).toBe('TRUST_PROXY');
      expect(error.message).not.toContain('\n');
    },
  );
});
