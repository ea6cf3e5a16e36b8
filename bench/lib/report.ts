import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { Summary } from './measure';

export interface Row {
  name: string;
  summary: Summary;
  /** What the row is held to, in words, and whether it holds. */
  target?: { text: string; met: boolean };
}

const fmt = (us: number) => (us >= 1_000 ? `${(us / 1_000).toFixed(2)} ms` : `${us.toFixed(2)} µs`);

/** Prints the table (p50, p99, ratio of p50 to the floor's) and writes the JSON under bench/results/. */
export function report(bench: string, floor: Summary, rows: Row[], extra: object = {}): string {
  const header = ['benchmark', 'p50', 'p99', '× floor p50', 'target', ''];
  const lines = rows.map((row) => [
    row.name,
    fmt(row.summary.p50),
    fmt(row.summary.p99),
    `${(row.summary.p50 / floor.p50).toFixed(2)}×`,
    row.target?.text ?? '',
    row.target ? (row.target.met ? 'met' : 'MISSED') : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const print = (cells: string[]) =>
    console.log(
      cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '),
    );
  print(header);
  print(widths.map((w) => '-'.repeat(w)));
  lines.forEach(print);

  const dir = join(__dirname, '..', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${bench}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const machine = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model };
  writeFileSync(
    file,
    JSON.stringify(
      { bench, at: new Date().toISOString(), machine, floor, rows, ...extra },
      null,
      2,
    ),
  );
  console.log(`\nwritten: ${file}`);
  return file;
}
