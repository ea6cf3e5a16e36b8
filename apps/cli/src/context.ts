import type { Command } from 'commander';
import { ApiClient, type ApiResponse } from './api-client';
import { CliError, ExitCode } from './exit-codes';

export interface GlobalOptions {
  apiUrl: string;
  apiKey?: string;
  json: boolean;
  timeout: number;
}

/** What an action needs: the client, the global options and where to write. */
export interface Context {
  client: ApiClient;
  options: GlobalOptions;
  out: (text: string) => void;
}

export function context(command: Command): Context {
  const options = command.optsWithGlobals<GlobalOptions>();
  return {
    client: new ApiClient(options),
    options,
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  };
}

/** Prints the API's JSON as it came (--json) or the human rendering. */
export function show<T>(ctx: Context, response: ApiResponse<T>, human: (body: T) => string): void {
  ctx.out(ctx.options.json ? response.text : human(response.body));
}

/** Option parsers: reject what is not a number here, leave ranges to the API. */
export function number(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n))
      throw new CliError(`${name} must be a number (got "${value}")`, ExitCode.failure);
    return n;
  };
}

export function integer(name: string) {
  return (value: string): number => {
    const n = number(name)(value);
    if (!Number.isInteger(n))
      throw new CliError(`${name} must be an integer (got "${value}")`, ExitCode.failure);
    return n;
  };
}

/** "BTCUSD,ETHUSD" → ["BTCUSD", "ETHUSD"]. */
export function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}
