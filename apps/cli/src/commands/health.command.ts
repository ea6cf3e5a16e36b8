import { Command } from 'commander';
import { HealthStatus, type HealthReport } from '@ffe/contracts';
import { context, examples } from '../context';
import { CliError, ExitCode } from '../exit-codes';
import { health, table } from '../format';

/** `health check`'s exit code: 0 healthy, 1 degraded, 2 unhealthy (or unknown). */
export function healthExitCode(status: string): number {
  if (status === HealthStatus.healthy) return ExitCode.ok;
  if (status === HealthStatus.degraded) return ExitCode.failure;
  return ExitCode.unreachable;
}

export function healthCommand(): Command {
  const group = new Command('health').description("the API's health, for people and scripts");

  group
    .command('check')
    .description('every component with healthy | degraded | unhealthy')
    .addHelpText(
      'after',
      `${examples(
        'ffe-ctl health check',
        'ffe-ctl health check >/dev/null || echo "engine not healthy (exit $?)"',
      )}
Exit codes (this command): 0 healthy, 1 degraded, 2 unhealthy, unreachable or no answer
within --timeout, 3 authentication failed.
`,
    )
    .action(async (_opts, command: Command) => {
      const ctx = context(command);
      let response;
      try {
        // 503 carries the report of an unhealthy engine: show it rather than fail on it.
        response = await ctx.client.open<HealthReport>('GET', '/health', { accept: [503] });
      } catch (error) {
        // For scripts a health check that times out is as bad as an unreachable API.
        if (error instanceof CliError && error.exitCode === ExitCode.timeout)
          throw new CliError(error.message, ExitCode.unreachable);
        throw error;
      }
      const report = response.body;
      if (ctx.options.json) ctx.out(response.text);
      else {
        const rows = Object.entries(report.components ?? {}).map(([name, c]) => [
          name,
          health(c.status),
          c.detail ?? '',
        ]);
        ctx.out(
          `Overall: ${health(report.status)}\n${table(['Component', 'Status', 'Detail'], rows)}`,
        );
      }
      process.exitCode = healthExitCode(report.status);
    });

  return group;
}
