import { maskUrlCredentials } from '@ffe/contracts';

/**
 * A setting that is missing or wrong; its message is the one line the app prints before
 * exiting. URL credentials in it are masked here too, whichever check wrote the reason.
 */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`invalid configuration: ${variable} ${maskUrlCredentials(reason)}`);
    this.name = 'ConfigError';
  }
}
