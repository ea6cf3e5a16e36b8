import 'reflect-metadata';
import { TIMEFRAMES } from '@ffe/domain';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';

// Reads the raw string: implicit conversion would already have turned "false" into true.
const toBoolean = ({ obj, key }: { obj: Record<string, unknown>; key: string }) => {
  const raw = obj[key];
  return raw === 'true' ? true : raw === 'false' ? false : raw;
};
const PAIR_LIST = /^[A-Z0-9]{3,16}(,[A-Z0-9]{3,16})*$/;
const WEIGHT_LIST = /^[a-z_]+=\d+(\.\d+)?(,[a-z_]+=\d+(\.\d+)?)*$/;
/** Bars the slowest indicator needs (MACD 26 + signal 9) plus room. */
const MIN_LOOKBACK_BARS = 50;
const HTTP_URL = /^https?:\/\/[^\s]+$/;
const HOST_PORT_LIST = /^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/;
/** .env.example's placeholders start so: a copied example must never run with a known key. */
const NOT_A_PLACEHOLDER = /^(?!change-me)/i;
const PLACEHOLDER_MESSAGE = 'is a placeholder (change-me…): set a long random key';

/**
 * Every environment variable the API reads, with its default and its rule. The README table
 * and .env.example list the same names (a test holds them together).
 */
export class EnvironmentSchema {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: string = 'production';

  @IsString()
  HOST: string = '0.0.0.0';

  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 8000;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters' })
  @Matches(NOT_A_PLACEHOLDER, { message: PLACEHOLDER_MESSAGE })
  FFE_API_KEY?: string;

  /** Scoped to GET routes (dashboards, status scripts). */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters' })
  @Matches(NOT_A_PLACEHOLDER, { message: PLACEHOLDER_MESSAGE })
  FFE_READ_API_KEY?: string;

  /** Scoped to the bot's status and the emergency stop (the hook that halts, never trades). */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters' })
  @Matches(NOT_A_PLACEHOLDER, { message: PLACEHOLDER_MESSAGE })
  FFE_KILL_API_KEY?: string;

  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  FFE_AUTH_DISABLED: boolean = false;

  @Matches(/^rediss?:\/\/[^\s]+$/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL: string = 'redis://127.0.0.1:6379';

  /** The Redis password, for every topology; overrides one in REDIS_URL. */
  @IsOptional()
  @IsString()
  REDIS_PASSWORD?: string;

  /** A file holding REDIS_PASSWORD (a mounted secret); read once at start. */
  @IsOptional()
  @IsString()
  REDIS_PASSWORD_FILE?: string;

  @IsOptional()
  @Matches(HOST_PORT_LIST, { message: 'must be a comma-separated list of host:port' })
  REDIS_SENTINELS?: string;

  @IsString()
  REDIS_SENTINEL_MASTER: string = 'mymaster';

  @IsOptional()
  @Matches(HOST_PORT_LIST, { message: 'must be a comma-separated list of host:port' })
  REDIS_CLUSTER_NODES?: string;

  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE: number = 600;

  /** A hop count or a comma list of IPs/CIDRs; parsed and checked in trust-proxy.ts. */
  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;

  @IsInt()
  @Min(1024)
  @Max(100 * 1024 * 1024)
  BODY_LIMIT_BYTES: number = 1024 * 1024;

  /** Bound on receiving a request's headers; past it Node answers 408 and closes the socket. */
  @IsInt()
  @Min(100)
  @Max(600_000)
  HTTP_HEADERS_TIMEOUT_MS: number = 10_000;

  /** Bound on receiving a whole request, body included: a stalled body is cut with a 408. */
  @IsInt()
  @Min(100)
  @Max(600_000)
  HTTP_REQUEST_TIMEOUT_MS: number = 30_000;

  /** How long an idle keep-alive connection stays open between requests. */
  @IsInt()
  @Min(100)
  @Max(600_000)
  HTTP_KEEP_ALIVE_TIMEOUT_MS: number = 5_000;

  @IsInt()
  @Min(100)
  SHUTDOWN_TIMEOUT_MS: number = 10_000;

  @IsInt()
  @Min(50)
  READINESS_TIMEOUT_MS: number = 1_000;

  @IsInt()
  @Min(1)
  @Max(3650)
  FEATURE_CACHE_RETENTION_DAYS: number = 7;

  @IsInt()
  @Min(0)
  @Max(8 * 1024 * 1024 * 1024)
  FEATURE_CACHE_L1_MAX_BYTES: number = 64 * 1024 * 1024;

  @IsInt()
  @Min(5)
  @Max(10_000)
  FEATURE_CACHE_REDIS_TIMEOUT_MS: number = 100;

  @IsInt()
  @Min(500)
  @Max(600_000)
  FEATURE_CACHE_LOCK_TTL_MS: number = 5_000;

  @IsIn(['paper', 'oanda', 'coinbase'])
  TRADING_PLATFORM: string = 'paper';

  @IsIn(['simulated', 'csv', 'alpha-vantage', 'exchange'])
  MARKET_DATA_SOURCE: string = 'simulated';

  @IsOptional()
  @IsString()
  MARKET_DATA_CSV_DIR?: string;

  @IsInt()
  @Min(0)
  SIMULATED_MARKET_SEED: number = 42;

  @IsOptional()
  @Matches(PAIR_LIST, { message: 'must be a comma-separated list of pairs like XRPUSD' })
  SIMULATED_MARKET_EXTRA_PAIRS?: string;

  @IsInt()
  @Min(1)
  @Max(86_400)
  DECISION_INTERVAL_SECONDS: number = 60;

  @IsIn([...TIMEFRAMES])
  TRADING_TIMEFRAME: string = '1m';

  @IsInt()
  @Min(MIN_LOOKBACK_BARS)
  @Max(2_000)
  TRADING_LOOKBACK_BARS: number = 100;

  @IsNumber({}, { message: 'must be a number' })
  @Min(1)
  PAPER_INITIAL_BALANCE: number = 10_000;

  @IsNumber({}, { message: 'must be a number' })
  @Min(0)
  @Max(5)
  PAPER_FEE_PCT: number = 0.1;

  @IsNumber({}, { message: 'must be a number' })
  @Min(0)
  @Max(5)
  PAPER_SLIPPAGE_PCT: number = 0.05;

  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  PAPER_ALLOW_SHORTS: boolean = false;

  @IsInt()
  @Min(60)
  @Max(31_536_000)
  PENDING_ORDER_TTL_SECONDS: number = 86_400;

  @IsInt()
  @Min(60)
  @Max(31_536_000)
  PENDING_ORDER_MAX_TTL_SECONDS: number = 604_800;

  @IsNumber({}, { message: 'must be a number' })
  @Min(0.1)
  @Max(100)
  MAX_DRAWDOWN_PCT: number = 20;

  @Matches(WEIGHT_LIST, { message: 'must look like sma_crossover=1,rsi_mean_reversion=0.5' })
  ENSEMBLE_WEIGHTS: string = 'sma_crossover=1,ema_crossover=1,rsi_mean_reversion=1,macd_momentum=1';

  @IsInt()
  @Min(1)
  @Max(10)
  ENSEMBLE_QUORUM: number = 2;

  @IsInt()
  @Min(10)
  @Max(120_000)
  PROVIDER_TIMEOUT_MS: number = 2_000;

  @IsInt()
  @Min(100)
  @Max(3_600_000)
  CIRCUIT_BREAKER_RESET_MS: number = 30_000;

  @IsOptional()
  @IsString()
  ALPHA_VANTAGE_API_KEY?: string;

  @Matches(PAIR_LIST, { message: 'must be a comma-separated list of pairs like EURUSD,BTCUSD' })
  ALPHA_VANTAGE_PAIRS: string = 'BTCUSD,ETHUSD,EURUSD,GBPUSD,USDJPY';

  @IsInt()
  @Min(1)
  @Max(1_200)
  ALPHA_VANTAGE_CALLS_PER_MINUTE: number = 5;

  /** Unset: the service itself; set for a proxy or a replay server. */
  @IsOptional()
  @Matches(HTTP_URL, { message: 'must be an http:// or https:// URL' })
  ALPHA_VANTAGE_BASE_URL?: string;

  /** Any ccxt exchange id, for MARKET_DATA_SOURCE=exchange. */
  @Matches(/^[a-z0-9]+$/, { message: 'must be a ccxt exchange id like coinbase' })
  EXCHANGE_ID: string = 'coinbase';

  @Matches(PAIR_LIST, { message: 'must be a comma-separated list of pairs like BTCUSD,ETHUSD' })
  EXCHANGE_PAIRS: string = 'BTCUSD,ETHUSD';

  /** Unset: the exchange's own REST host; set for a proxy or a replay server. */
  @IsOptional()
  @Matches(HTTP_URL, { message: 'must be an http:// or https:// URL' })
  EXCHANGE_BASE_URL?: string;

  @IsOptional()
  @IsString()
  COINBASE_API_KEY?: string;

  @IsOptional()
  @IsString()
  COINBASE_API_SECRET?: string;

  /** Unset: Coinbase's own host; set for a local replay server. */
  @IsOptional()
  @Matches(HTTP_URL, { message: 'must be an http:// or https:// URL' })
  COINBASE_BASE_URL?: string;

  @IsOptional()
  @IsString()
  OANDA_API_TOKEN?: string;

  @IsOptional()
  @IsString()
  OANDA_ACCOUNT_ID?: string;

  @IsIn(['practice', 'live'])
  OANDA_ENVIRONMENT: string = 'practice';

  /** Unset: Oanda's host for OANDA_ENVIRONMENT; set for a local replay server. */
  @IsOptional()
  @Matches(HTTP_URL, { message: 'must be an http:// or https:// URL' })
  OANDA_BASE_URL?: string;

  @IsOptional()
  @Matches(HTTP_URL, { message: 'must be an http:// or https:// URL' })
  LLM_BASE_URL?: string;

  @IsOptional()
  @IsString()
  LLM_MODEL?: string;

  @IsOptional()
  @IsString()
  LLM_API_KEY?: string;

  @IsInt()
  @Min(100)
  @Max(120_000)
  LLM_TIMEOUT_MS: number = 8_000;
}

/** The names of all variables above, for the docs consistency test. */
export const ENVIRONMENT_VARIABLES = [
  'NODE_ENV',
  'HOST',
  'PORT',
  'LOG_LEVEL',
  'FFE_API_KEY',
  'FFE_READ_API_KEY',
  'FFE_KILL_API_KEY',
  'FFE_AUTH_DISABLED',
  'REDIS_URL',
  'REDIS_PASSWORD',
  'REDIS_PASSWORD_FILE',
  'REDIS_SENTINELS',
  'REDIS_SENTINEL_MASTER',
  'REDIS_CLUSTER_NODES',
  'RATE_LIMIT_PER_MINUTE',
  'TRUST_PROXY',
  'BODY_LIMIT_BYTES',
  'HTTP_HEADERS_TIMEOUT_MS',
  'HTTP_REQUEST_TIMEOUT_MS',
  'HTTP_KEEP_ALIVE_TIMEOUT_MS',
  'SHUTDOWN_TIMEOUT_MS',
  'READINESS_TIMEOUT_MS',
  'FEATURE_CACHE_RETENTION_DAYS',
  'FEATURE_CACHE_L1_MAX_BYTES',
  'FEATURE_CACHE_REDIS_TIMEOUT_MS',
  'FEATURE_CACHE_LOCK_TTL_MS',
  'TRADING_PLATFORM',
  'MARKET_DATA_SOURCE',
  'MARKET_DATA_CSV_DIR',
  'SIMULATED_MARKET_SEED',
  'SIMULATED_MARKET_EXTRA_PAIRS',
  'DECISION_INTERVAL_SECONDS',
  'TRADING_TIMEFRAME',
  'TRADING_LOOKBACK_BARS',
  'PAPER_INITIAL_BALANCE',
  'PAPER_FEE_PCT',
  'PAPER_SLIPPAGE_PCT',
  'PAPER_ALLOW_SHORTS',
  'PENDING_ORDER_TTL_SECONDS',
  'PENDING_ORDER_MAX_TTL_SECONDS',
  'MAX_DRAWDOWN_PCT',
  'ENSEMBLE_WEIGHTS',
  'ENSEMBLE_QUORUM',
  'PROVIDER_TIMEOUT_MS',
  'CIRCUIT_BREAKER_RESET_MS',
  'ALPHA_VANTAGE_API_KEY',
  'ALPHA_VANTAGE_PAIRS',
  'ALPHA_VANTAGE_CALLS_PER_MINUTE',
  'ALPHA_VANTAGE_BASE_URL',
  'EXCHANGE_ID',
  'EXCHANGE_PAIRS',
  'EXCHANGE_BASE_URL',
  'COINBASE_API_KEY',
  'COINBASE_API_SECRET',
  'COINBASE_BASE_URL',
  'OANDA_API_TOKEN',
  'OANDA_ACCOUNT_ID',
  'OANDA_ENVIRONMENT',
  'OANDA_BASE_URL',
  'LLM_BASE_URL',
  'LLM_MODEL',
  'LLM_API_KEY',
  'LLM_TIMEOUT_MS',
] as const;
