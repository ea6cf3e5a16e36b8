import { Command } from 'commander';
import { context, examples, show } from '../context';
import { bytes, fraction, num, table } from '../format';

interface SymbolStats {
  symbol: string;
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
  warms: number;
  hit_ratio: number | null;
  newest_entry_at: string | null;
}

interface FeatureStats {
  symbols: SymbolStats[];
  totals: {
    entries: number;
    bytes: number;
    hits: number;
    misses: number;
    warms: number;
    hit_ratio: number | null;
  };
  l1: { entries: number; bytes: number; max_bytes: number };
}

export function cacheCommand(): Command {
  const cache = new Command('cache').description('the feature cache: warm it, read its figures');

  cache
    .command('warm')
    .description('queue warming jobs for symbols (one already queued is not queued twice)')
    .argument('<symbols...>', 'symbols to warm, e.g. BTCUSD ETHUSD')
    .addHelpText('after', examples('ffe-ctl cache warm BTCUSD ETHUSD'))
    .action(async (symbols: string[], _opts, command: Command) => {
      const ctx = context(command);
      const response = await ctx.client.api<{ queued: { symbol: string; job_id: string }[] }>(
        'POST',
        '/features/warm',
        { body: { symbols } },
      );
      show(ctx, response, (r) =>
        [
          `Queued ${r.queued.length} warming job(s):`,
          table(
            ['Symbol', 'Job'],
            r.queued.map((q) => [q.symbol, q.job_id]),
          ),
        ].join('\n'),
      );
    });

  cache
    .command('stats')
    .description('per symbol: entries, bytes, hits, misses, hit ratio (over every replica)')
    .addHelpText(
      'after',
      examples('ffe-ctl cache stats', 'ffe-ctl --json cache stats | jq .totals'),
    )
    .action(async (_opts, command: Command) => {
      const ctx = context(command);
      const response = await ctx.client.api<FeatureStats>('GET', '/features/stats');
      show(ctx, response, (s) => {
        const row = (name: string, x: Omit<SymbolStats, 'symbol' | 'newest_entry_at'>) => [
          name,
          num(x.entries),
          bytes(x.bytes),
          num(x.hits),
          num(x.misses),
          num(x.warms),
          fraction(x.hit_ratio),
        ];
        const rows = [...s.symbols.map((x) => row(x.symbol, x)), row('TOTAL', s.totals)];
        return [
          table(
            ['Symbol', 'Entries', 'Bytes', 'Hits', 'Misses', 'Warms', 'Hit ratio'],
            rows,
            [1, 2, 3, 4, 5, 6],
          ),
          `L1 (this replica): ${num(s.l1.entries)} entries, ${bytes(s.l1.bytes)} of ${bytes(s.l1.max_bytes)}`,
        ].join('\n');
      });
    });

  return cache;
}
