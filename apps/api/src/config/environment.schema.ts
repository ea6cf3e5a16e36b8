import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;
const HOST_PORT_LIST = /^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/;

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
  FFE_API_KEY?: string;

  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  FFE_AUTH_DISABLED: boolean = false;

  @Matches(/^rediss?:\/\/[^\s]+$/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL: string = 'redis://127.0.0.1:6379';

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

  @IsInt()
  @Min(1024)
  @Max(100 * 1024 * 1024)
  BODY_LIMIT_BYTES: number = 1024 * 1024;

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
}

/** The names of all variables above, for the docs consistency test. */
export const ENVIRONMENT_VARIABLES = [
  'NODE_ENV',
  'HOST',
  'PORT',
  'LOG_LEVEL',
  'FFE_API_KEY',
  'FFE_AUTH_DISABLED',
  'REDIS_URL',
  'REDIS_SENTINELS',
  'REDIS_SENTINEL_MASTER',
  'REDIS_CLUSTER_NODES',
  'RATE_LIMIT_PER_MINUTE',
  'BODY_LIMIT_BYTES',
  'SHUTDOWN_TIMEOUT_MS',
  'READINESS_TIMEOUT_MS',
  'FEATURE_CACHE_RETENTION_DAYS',
  'FEATURE_CACHE_L1_MAX_BYTES',
  'FEATURE_CACHE_REDIS_TIMEOUT_MS',
  'FEATURE_CACHE_LOCK_TTL_MS',
] as const;
