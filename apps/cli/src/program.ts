import { Command } from 'commander';

export interface GlobalOptions {
  apiUrl: string;
  apiKey?: string;
  json: boolean;
  timeout: number;
}

/**
 * ffe-ctl's command tree. Global options come from flags or the environment (FFE_API_URL,
 * FFE_API_KEY); command groups are added by their own modules.
 */
export function buildProgram(env: NodeJS.ProcessEnv = process.env): Command {
  return new Command('ffe-ctl')
    .description('Operate a Finance Feedback Engine: bot, positions, decisions, cache, health')
    .version('0.1.0')
    .option(
      '--api-url <url>',
      'API base URL (env FFE_API_URL)',
      env.FFE_API_URL ?? 'http://localhost:8000',
    )
    .option('--api-key <key>', 'API key (env FFE_API_KEY)', env.FFE_API_KEY)
    .option('--json', 'print the API response as JSON', false)
    .option('--timeout <ms>', 'request timeout in milliseconds', (v) => Number(v), 10_000)
    .showHelpAfterError()
    .addHelpText('after', '\nExamples:\n  ffe-ctl --api-url http://localhost:8000 --help\n');
}
