import { ConfigError } from './config-error';
import type { EnvironmentSchema } from './environment.schema';

/**
 * The API keys and what each may do: `apiKey` everything, `readApiKey` GET routes only,
 * `killApiKey` the bot's status and the emergency stop only (common/http/key-scopes.ts).
 */
export interface AuthConfig {
  apiKey: string | undefined;
  readApiKey?: string;
  killApiKey?: string;
  disabled: boolean;
}

const KEY_VARIABLES = ['FFE_API_KEY', 'FFE_READ_API_KEY', 'FFE_KILL_API_KEY'] as const;

export function authConfig(schema: EnvironmentSchema): AuthConfig {
  if (!schema.FFE_API_KEY && !schema.FFE_AUTH_DISABLED) {
    throw new ConfigError(
      'FFE_API_KEY',
      'is required (set it, or set FFE_AUTH_DISABLED=true to run without authentication)',
    );
  }
  assertDistinct(schema);
  return {
    apiKey: schema.FFE_API_KEY,
    ...(schema.FFE_READ_API_KEY ? { readApiKey: schema.FFE_READ_API_KEY } : {}),
    ...(schema.FFE_KILL_API_KEY ? { killApiKey: schema.FFE_KILL_API_KEY } : {}),
    disabled: schema.FFE_AUTH_DISABLED,
  };
}

/** One key, one scope: a key shared by two variables would have whichever scope is checked first. */
function assertDistinct(schema: EnvironmentSchema): void {
  KEY_VARIABLES.forEach((name, i) => {
    const value = schema[name];
    const earlier = KEY_VARIABLES.slice(0, i).find((other) => schema[other] === value);
    if (value && earlier) throw new ConfigError(name, `must differ from ${earlier}`);
  });
}
