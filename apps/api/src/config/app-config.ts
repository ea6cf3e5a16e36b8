import { readFileSync } from 'node:fs';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { maskValueCredentials } from '@ffe/contracts';
import { authConfig, type AuthConfig } from './auth-config';
import { ConfigError } from './config-error';
import { EnvironmentSchema } from './environment.schema';
import { httpConfig, type HttpConfig } from './http-config';

export { ConfigError } from './config-error';

/** `password` (REDIS_PASSWORD or its file) applies to every topology and wins over the URL's. */
export type RedisTopology = (
  | { kind: 'standalone'; url: string }
  | { kind: 'sentinel'; sentinels: HostPort[]; masterName: string; url: string }
  | { kind: 'cluster'; nodes: HostPort[]; url: string }
) & { password?: string };

export interface HostPort {
  host: string;
  port: number;
}

/** The validated configuration; the only shape of config the app ever sees. */
export interface AppConfig {
  env: 'development' | 'production' | 'test';
  http: HttpConfig;
  logLevel: string;
  auth: AuthConfig;
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
  marketData: {
    source: string;
    csvDir?: string;
    seed: number;
    extraPairs: string[];
    /** Set when MARKET_DATA_SOURCE=alpha-vantage. */
    alphaVantage?: {
      apiKey: string;
      pairs: string[];
      baseUrl?: string;
      /** The call budget of the whole deployment, shared by every replica. */
      callsPerMinute: number;
    };
    /** Set when MARKET_DATA_SOURCE=exchange. */
    exchange?: { exchangeId: string; pairs: string[]; baseUrl?: string };
  };
  intervalMs: number;
  timeframe: string;
  lookbackBars: number;
  paper: { initialBalance: number; feePct: number; slippagePct: number; allowShorts: boolean };
  /** A limit order not filled by then is dropped: `ttlMs` by default, at most `maxTtlMs`. */
  pendingOrders: { ttlMs: number; maxTtlMs: number };
  maxDrawdownPct: number;
  ensemble: { weights: Record<string, number>; quorum: number };
  breaker: { timeoutMs: number; resetTimeoutMs: number };
  /** Set when TRADING_PLATFORM=coinbase; trades EXCHANGE_PAIRS. */
  coinbase?: { apiKey: string; apiSecret: string; pairs: string[]; baseUrl?: string };
  /** Set when TRADING_PLATFORM=oanda. */
  oanda?: {
    token: string;
    accountId: string;
    environment: 'practice' | 'live';
    baseUrl?: string;
  };
  /** The `llm` decision provider; set when LLM_BASE_URL is. */
  llm?: { baseUrl: string; model: string; apiKey?: string; timeoutMs: number };
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
  return toAppConfig(schema);
}

const SECRET_NAME = /KEY|SECRET|TOKEN|PASSWORD|PASSPHRASE|CREDENTIAL/;

function toConfigError(
  error: ValidationError,
  raw: Record<string, string | undefined>,
): ConfigError {
  const reasons = Object.values(error.constraints ?? {});
  const given = raw[error.property];
  // Never echo a secret back, even a malformed one: secret-named settings are not shown, and
  // any other value (a URL of any name) is shown with its credentials masked.
  const shown =
    given === undefined || SECRET_NAME.test(error.property)
      ? ''
      : ` (got "${maskValueCredentials(given)}")`;
  return new ConfigError(error.property, `${reasons[0] ?? 'is invalid'}${shown}`);
}

function toAppConfig(schema: EnvironmentSchema): AppConfig {
  return {
    env: schema.NODE_ENV as AppConfig['env'],
    http: httpConfig(schema),
    logLevel: schema.LOG_LEVEL,
    auth: authConfig(schema),
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

function pendingOrdersConfig(schema: EnvironmentSchema): TradingConfig['pendingOrders'] {
  if (schema.PENDING_ORDER_TTL_SECONDS > schema.PENDING_ORDER_MAX_TTL_SECONDS) {
    throw new ConfigError(
      'PENDING_ORDER_TTL_SECONDS',
      `must not exceed PENDING_ORDER_MAX_TTL_SECONDS (${schema.PENDING_ORDER_MAX_TTL_SECONDS})`,
    );
  }
  return {
    ttlMs: schema.PENDING_ORDER_TTL_SECONDS * 1_000,
    maxTtlMs: schema.PENDING_ORDER_MAX_TTL_SECONDS * 1_000,
  };
}

function tradingConfig(schema: EnvironmentSchema): TradingConfig {
  if (schema.MARKET_DATA_SOURCE === 'csv' && !schema.MARKET_DATA_CSV_DIR) {
    throw new ConfigError('MARKET_DATA_CSV_DIR', 'is required when MARKET_DATA_SOURCE=csv');
  }
  const alphaVantage = alphaVantageConfig(schema);
  const llm = llmConfig(schema);
  const oanda = oandaConfig(schema);
  const coinbase = coinbaseConfig(schema);
  return {
    platform: schema.TRADING_PLATFORM,
    marketData: {
      source: schema.MARKET_DATA_SOURCE,
      csvDir: schema.MARKET_DATA_CSV_DIR,
      seed: schema.SIMULATED_MARKET_SEED,
      extraPairs: schema.SIMULATED_MARKET_EXTRA_PAIRS?.split(',') ?? [],
      alphaVantage,
      exchange:
        schema.MARKET_DATA_SOURCE === 'exchange'
          ? {
              exchangeId: schema.EXCHANGE_ID,
              pairs: schema.EXCHANGE_PAIRS.split(','),
              baseUrl: schema.EXCHANGE_BASE_URL,
            }
          : undefined,
    },
    intervalMs: schema.DECISION_INTERVAL_SECONDS * 1_000,
    timeframe: schema.TRADING_TIMEFRAME,
    lookbackBars: schema.TRADING_LOOKBACK_BARS,
    paper: {
      initialBalance: schema.PAPER_INITIAL_BALANCE,
      feePct: schema.PAPER_FEE_PCT,
      slippagePct: schema.PAPER_SLIPPAGE_PCT,
      allowShorts: schema.PAPER_ALLOW_SHORTS,
    },
    pendingOrders: pendingOrdersConfig(schema),
    maxDrawdownPct: schema.MAX_DRAWDOWN_PCT,
    ensemble: {
      weights: parseWeights(schema.ENSEMBLE_WEIGHTS, llm !== undefined),
      quorum: schema.ENSEMBLE_QUORUM,
    },
    breaker: {
      timeoutMs: schema.PROVIDER_TIMEOUT_MS,
      resetTimeoutMs: schema.CIRCUIT_BREAKER_RESET_MS,
    },
    llm,
    oanda,
    coinbase,
  };
}

function oandaConfig(schema: EnvironmentSchema): TradingConfig['oanda'] {
  if (schema.TRADING_PLATFORM !== 'oanda') return undefined;
  for (const name of ['OANDA_API_TOKEN', 'OANDA_ACCOUNT_ID'] as const) {
    if (!schema[name]) throw new ConfigError(name, 'is required when TRADING_PLATFORM=oanda');
  }
  return {
    token: schema.OANDA_API_TOKEN as string,
    accountId: schema.OANDA_ACCOUNT_ID as string,
    environment: schema.OANDA_ENVIRONMENT as 'practice' | 'live',
    baseUrl: schema.OANDA_BASE_URL,
  };
}

function coinbaseConfig(schema: EnvironmentSchema): TradingConfig['coinbase'] {
  if (schema.TRADING_PLATFORM !== 'coinbase') return undefined;
  for (const name of ['COINBASE_API_KEY', 'COINBASE_API_SECRET'] as const) {
    if (!schema[name]) throw new ConfigError(name, 'is required when TRADING_PLATFORM=coinbase');
  }
  return {
    apiKey: schema.COINBASE_API_KEY as string,
    apiSecret: schema.COINBASE_API_SECRET as string,
    pairs: schema.EXCHANGE_PAIRS.split(','),
    baseUrl: schema.COINBASE_BASE_URL,
  };
}

/** Alpha Vantage's intraday intervals and daily bars, as our timeframes. */
const ALPHA_VANTAGE_TIMEFRAMES = ['1m', '5m', '15m', '1h', '1d'];

function alphaVantageConfig(
  schema: EnvironmentSchema,
): TradingConfig['marketData']['alphaVantage'] {
  if (schema.MARKET_DATA_SOURCE !== 'alpha-vantage') return undefined;
  if (!schema.ALPHA_VANTAGE_API_KEY) {
    throw new ConfigError(
      'ALPHA_VANTAGE_API_KEY',
      'is required when MARKET_DATA_SOURCE=alpha-vantage',
    );
  }
  if (!ALPHA_VANTAGE_TIMEFRAMES.includes(schema.TRADING_TIMEFRAME)) {
    throw new ConfigError(
      'TRADING_TIMEFRAME',
      `must be one of ${ALPHA_VANTAGE_TIMEFRAMES.join(', ')} with MARKET_DATA_SOURCE=alpha-vantage`,
    );
  }
  return {
    apiKey: schema.ALPHA_VANTAGE_API_KEY,
    pairs: schema.ALPHA_VANTAGE_PAIRS.split(','),
    baseUrl: schema.ALPHA_VANTAGE_BASE_URL,
    callsPerMinute: schema.ALPHA_VANTAGE_CALLS_PER_MINUTE,
  };
}

function llmConfig(schema: EnvironmentSchema): TradingConfig['llm'] {
  if (!schema.LLM_BASE_URL) return undefined;
  if (!schema.LLM_MODEL) {
    throw new ConfigError('LLM_MODEL', 'is required when LLM_BASE_URL is set');
  }
  return {
    baseUrl: schema.LLM_BASE_URL,
    model: schema.LLM_MODEL,
    apiKey: schema.LLM_API_KEY,
    timeoutMs: schema.LLM_TIMEOUT_MS,
  };
}

/** Only providers the app runs can carry a weight (llm when LLM_BASE_URL is set): a typo must not pass silently. */
const WEIGHTED_PROVIDERS = [
  'sma_crossover',
  'ema_crossover',
  'rsi_mean_reversion',
  'macd_momentum',
];

function parseWeights(list: string, llm: boolean): Record<string, number> {
  const known = llm ? [...WEIGHTED_PROVIDERS, 'llm'] : WEIGHTED_PROVIDERS;
  const weights: Record<string, number> = {};
  for (const entry of list.split(',')) {
    const [name, value] = entry.split('=');
    if (!known.includes(name)) {
      const hint = name === 'llm' ? '; set LLM_BASE_URL to turn the llm provider on' : '';
      throw new ConfigError(
        'ENSEMBLE_WEIGHTS',
        `names unknown provider ${name} (known: ${known.join(', ')})${hint}`,
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
  const password = redisPassword(schema);
  if (schema.REDIS_SENTINELS) {
    const sentinels = parseHostPorts(schema.REDIS_SENTINELS);
    return {
      kind: 'sentinel',
      sentinels,
      masterName: schema.REDIS_SENTINEL_MASTER,
      url,
      password,
    };
  }
  if (schema.REDIS_CLUSTER_NODES) {
    return { kind: 'cluster', nodes: parseHostPorts(schema.REDIS_CLUSTER_NODES), url, password };
  }
  return { kind: 'standalone', url, password };
}

/** REDIS_PASSWORD, or the content of REDIS_PASSWORD_FILE (a mounted secret), never both. */
function redisPassword(schema: EnvironmentSchema): string | undefined {
  if (schema.REDIS_PASSWORD && schema.REDIS_PASSWORD_FILE) {
    throw new ConfigError('REDIS_PASSWORD_FILE', 'cannot be set together with REDIS_PASSWORD');
  }
  if (!schema.REDIS_PASSWORD_FILE) return schema.REDIS_PASSWORD;
  let content: string;
  try {
    content = readFileSync(schema.REDIS_PASSWORD_FILE, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(
      'REDIS_PASSWORD_FILE',
      `cannot be read (${code}: ${maskValueCredentials(schema.REDIS_PASSWORD_FILE)})`,
    );
  }
  // Editors and `echo` end files with a newline; it is not part of the password.
  const password = content.replace(/\r?\n$/, '');
  if (!password) throw new ConfigError('REDIS_PASSWORD_FILE', 'names an empty file');
  return password;
}

function parseHostPorts(list: string): HostPort[] {
  return list.split(',').map((entry) => {
    const [host, port] = entry.split(':');
    return { host, port: Number(port) };
  });
}
