import { ConfigError, loadConfig } from './app-config';

const FULL = 'f'.repeat(24);
const READ = 'r'.repeat(24);
const KILL = 'k'.repeat(24);
const EXAMPLE_PLACEHOLDER = 'change-me-to-a-long-random-string';

function errorOf(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('API keys and their scopes', () => {
  it('reads the optional read-only and kill-switch keys beside the full one', () => {
    const config = loadConfig({
      FFE_API_KEY: FULL,
      FFE_READ_API_KEY: READ,
      FFE_KILL_API_KEY: KILL,
    });
    expect(config.auth).toEqual({
      apiKey: FULL,
      readApiKey: READ,
      killApiKey: KILL,
      disabled: false,
    });
  });

  it.each(['FFE_API_KEY', 'FFE_READ_API_KEY', 'FFE_KILL_API_KEY'])(
    "refuses .env.example's placeholder (or any change-me value) in %s, in one line",
    (variable) => {
      for (const placeholder of [EXAMPLE_PLACEHOLDER, 'Change-Me-Please-0123456789']) {
        const error = errorOf({ FFE_API_KEY: FULL, [variable]: placeholder });
        expect(error.variable).toBe(variable);
        expect(error.message).toMatch(/placeholder/);
        expect(error.message).not.toContain(placeholder);
        expect(error.message).not.toContain('\n');
      }
    },
  );

  it.each(['FFE_READ_API_KEY', 'FFE_KILL_API_KEY'])('refuses a %s under 16 characters', (name) => {
    const error = errorOf({ FFE_API_KEY: FULL, [name]: 'short-0123' });
    expect(error.variable).toBe(name);
    expect(error.message).not.toContain('short-0123');
  });

  it.each([
    [{ FFE_READ_API_KEY: FULL }, 'FFE_READ_API_KEY', 'FFE_API_KEY'],
    [{ FFE_KILL_API_KEY: FULL }, 'FFE_KILL_API_KEY', 'FFE_API_KEY'],
    [{ FFE_READ_API_KEY: READ, FFE_KILL_API_KEY: READ }, 'FFE_KILL_API_KEY', 'FFE_READ_API_KEY'],
  ])('refuses a key shared by two scopes: %j', (env, variable, other) => {
    const error = errorOf({ FFE_API_KEY: FULL, ...env });
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(`must differ from ${other}`);
    expect(error.message).not.toContain(FULL);
    expect(error.message).not.toContain(READ);
  });

  it('still needs the full key: scoped keys alone do not configure auth', () => {
    expect(errorOf({ FFE_READ_API_KEY: READ }).variable).toBe('FFE_API_KEY');
  });
});
