import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { EnvironmentSchema } from './environment.schema';

export type RedisTopology =
  | { kind: 'standalone'; url: string }
  | { kind: 'sentinel'; sentinels: HostPort[]; masterName: string; url: string }
  | { kind: 'cluster'; nodes: HostPort[]; url: string };

export interface HostPort {
  host: string;
  port: number;
}

/** The validated configuration; the only shape of config the app ever sees. */
export interface AppConfig {
  env: 'development' | 'production' | 'test';
  http: { host: string; port: number; bodyLimitBytes: number; rateLimitPerMinute: number };
  logLevel: string;
  auth: { apiKey: string | undefined; disabled: boolean };
  redis: RedisTopology;
  shutdownTimeoutMs: number;
  readinessTimeoutMs: number;
  featureCache: {
    retentionDays: number;
    l1MaxBytes: number;
    redisTimeoutMs: number;
    lockTtlMs: number;
  };
  trading: TradingConfig;
}

/** The trading agent's settings (see the README's configuration table). */
export interface TradingConfig {
  platform: string;
  marketData: { source: string; csvDir?: string; seed: number; extraPairs: string[] };
  intervalMs: number;
  timeframe: string;
  lookbackBars: number;
  paper: { initialBalance: number; feePct: number; slippagePct: number };
  maxDrawdownPct: number;
  ensemble: { weights: Record<string, number>; quorum: number };
  breaker: { timeoutMs: number; resetTimeoutMs: number };
}

/** A setting that is missing or wrong; its message is the one line the app prints before exiting. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`invalid configuration: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment once. Empty strings count as unset. */
export function loadConfig(env: NodeJS.ProcessEnv): AppConfig {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const schema = plainToInstance(EnvironmentSchema, present, {
    enableImplicitConversion: true,
    excludeExtraneousValues: false,
  });
  const [firstError] = validateSync(schema, { whitelist: true });
  if (firstError) throw toConfigError(firstError, present);
  assertAuthConfigured(schema);
  return toAppConfig(schema);
}

function toConfigError(
  error: ValidationError,
  raw: Record<string, string | undefined>,
): ConfigError {
  const reasons = Object.values(error.constraints ?? {});
  const given = raw[error.property];
  // Never echo a secret back, even a malformed one.
  const shown =
    given === undefined || /KEY|SECRET|TOKEN|PASSWORD/.test(error.property)
      ? ''
      : ` (got "${given}")`;
  return new ConfigError(error.property, `${reasons[0] ?? 'is invalid'}${shown}`);
}

function assertAuthConfigured(schema: EnvironmentSchema): void {
  if (!schema.FFE_API_KEY && !schema.FFE_AUTH_DISABLED) {
    throw new ConfigError(
      'FFE_API_KEY',
      'is required (set it, or set FFE_AUTH_DISABLED=true to run without authentication)',
    );
  }
}

function toAppConfig(schema: EnvironmentSchema): AppConfig {
  return {
    env: schema.NODE_ENV as AppConfig['env'],
    http: {
      host: schema.HOST,
      port: schema.PORT,
      bodyLimitBytes: schema.BODY_LIMIT_BYTES,
      rateLimitPerMinute: schema.RATE_LIMIT_PER_MINUTE,
    },
    logLevel: schema.LOG_LEVEL,
    auth: { apiKey: schema.FFE_API_KEY, disabled: schema.FFE_AUTH_DISABLED },
    redis: redisTopology(schema),
    shutdownTimeoutMs: schema.SHUTDOWN_TIMEOUT_MS,
    readinessTimeoutMs: schema.READINESS_TIMEOUT_MS,
    featureCache: {
      retentionDays: schema.FEATURE_CACHE_RETENTION_DAYS,
      l1MaxBytes: schema.FEATURE_CACHE_L1_MAX_BYTES,
      redisTimeoutMs: schema.FEATURE_CACHE_REDIS_TIMEOUT_MS,
      lockTtlMs: schema.FEATURE_CACHE_LOCK_TTL_MS,
    },
    trading: tradingConfig(schema),
  };
}

function tradingConfig(schema: EnvironmentSchema): TradingConfig {
  if (schema.MARKET_DATA_SOURCE === 'csv' && !schema.MARKET_DATA_CSV_DIR) {
    throw new ConfigError('MARKET_DATA_CSV_DIR', 'is required when MARKET_DATA_SOURCE=csv');
  }
  return {
    platform: schema.TRADING_PLATFORM,
    marketData: {
      source: schema.MARKET_DATA_SOURCE,
      csvDir: schema.MARKET_DATA_CSV_DIR,
      seed: schema.SIMULATED_MARKET_SEED,
      extraPairs: schema.SIMULATED_MARKET_EXTRA_PAIRS?.split(',') ?? [],
    },
    intervalMs: schema.DECISION_INTERVAL_SECONDS * 1_000,
    timeframe: schema.TRADING_TIMEFRAME,
    lookbackBars: schema.TRADING_LOOKBACK_BARS,
    paper: {
      initialBalance: schema.PAPER_INITIAL_BALANCE,
      feePct: schema.PAPER_FEE_PCT,
      slippagePct: schema.PAPER_SLIPPAGE_PCT,
    },
    maxDrawdownPct: schema.MAX_DRAWDOWN_PCT,
    ensemble: { weights: parseWeights(schema.ENSEMBLE_WEIGHTS), quorum: schema.ENSEMBLE_QUORUM },
    breaker: {
      timeoutMs: schema.PROVIDER_TIMEOUT_MS,
      resetTimeoutMs: schema.CIRCUIT_BREAKER_RESET_MS,
    },
  };
}

/** Only the technical providers the app ships can carry a weight: a typo must not pass silently. */
const WEIGHTED_PROVIDERS = [
  'sma_crossover',
  'ema_crossover',
  'rsi_mean_reversion',
  'macd_momentum',
];

function parseWeights(list: string): Record<string, number> {
  const weights: Record<string, number> = {};
  for (const entry of list.split(',')) {
    const [name, value] = entry.split('=');
    if (!WEIGHTED_PROVIDERS.includes(name)) {
      throw new ConfigError(
        'ENSEMBLE_WEIGHTS',
        `names unknown provider ${name} (known: ${WEIGHTED_PROVIDERS.join(', ')})`,
      );
    }
    weights[name] = Number(value);
  }
  return weights;
}

function redisTopology(schema: EnvironmentSchema): RedisTopology {
  if (schema.REDIS_SENTINELS && schema.REDIS_CLUSTER_NODES) {
    throw new ConfigError('REDIS_CLUSTER_NODES', 'cannot be set together with REDIS_SENTINELS');
  }
  const url = schema.REDIS_URL;
  if (schema.REDIS_SENTINELS) {
    const sentinels = parseHostPorts(schema.REDIS_SENTINELS);
    return { kind: 'sentinel', sentinels, masterName: schema.REDIS_SENTINEL_MASTER, url };
  }
  if (schema.REDIS_CLUSTER_NODES) {
    return { kind: 'cluster', nodes: parseHostPorts(schema.REDIS_CLUSTER_NODES), url };
  }
  return { kind: 'standalone', url };
}

function parseHostPorts(list: string): HostPort[] {
  return list.split(',').map((entry) => {
    const [host, port] = entry.split(':');
    return { host, port: Number(port) };
  });
}
