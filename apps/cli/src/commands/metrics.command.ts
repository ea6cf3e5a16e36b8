import { Command } from 'commander';
import { context, examples } from '../context';
import { num, table } from '../format';
import { distributionText, keyFigures, labelText } from '../metrics-summary';

export function metricsCommand(): Command {
  const group = new Command('metrics').description('key figures from /metrics');

  group
    .command('show')
    .description('ffe_* and featurestore_* series, parsed from the Prometheus text format')
    .option('--all', 'every family /metrics serves, not only ffe_* and featurestore_*')
    .addHelpText(
      'after',
      `${examples('ffe-ctl metrics show', 'ffe-ctl --json metrics show | jq \'.[] | select(.name == "ffe_agent_state")\'')}
With --json this prints the parsed families as JSON (/metrics itself is text, not JSON).
`,
    )
    .action(async (opts, command: Command) => {
      const ctx = context(command);
      const response = await ctx.client.open<string>('GET', '/metrics');
      const families = keyFigures(response.text, Boolean(opts.all));
      if (ctx.options.json) {
        ctx.out(JSON.stringify(families));
        return;
      }
      const rows = families.flatMap((f) =>
        f.series.map((s) => [
          f.name,
          f.type,
          labelText(s.labels),
          s.value === null ? '-' : num(s.value),
          distributionText(s),
        ]),
      );
      ctx.out(
        rows.length === 0
          ? 'No matching metrics.'
          : table(['Metric', 'Type', 'Labels', 'Value', 'Detail'], rows, [3]),
      );
    });

  return group;
}
