import Table from 'cli-table3';
import { createColors } from 'picocolors';

/** Colours only when stdout is a terminal (and NO_COLOR is unset). */
export const colors = createColors(
  Boolean(process.stdout.isTTY) && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb',
);

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const plain = new Intl.NumberFormat('en-US', { maximumFractionDigits: 8 });

export function money(value: number | null | undefined): string {
  return typeof value === 'number' ? usd.format(value) : '-';
}

/** A signed amount, green when positive and red when negative (on a TTY). */
export function pnl(value: number | null | undefined): string {
  if (typeof value !== 'number') return '-';
  const text = (value > 0 ? '+' : '') + usd.format(value);
  return value > 0 ? colors.green(text) : value < 0 ? colors.red(text) : text;
}

/** `value` already in percent (2 → "2.00%"). */
export function percent(value: number | null | undefined, signed = false): string {
  if (typeof value !== 'number') return '-';
  const text = `${signed && value > 0 ? '+' : ''}${value.toFixed(2)}%`;
  if (!signed) return text;
  return value > 0 ? colors.green(text) : value < 0 ? colors.red(text) : text;
}

/** `value` a fraction (0.05 → "5.00%"). */
export function fraction(value: number | null | undefined): string {
  return typeof value === 'number' ? percent(value * 100) : '-';
}

export function num(value: number | null | undefined): string {
  return typeof value === 'number' ? plain.format(value) : '-';
}

export function bytes(value: number): string {
  if (value < 1024) return `${value} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let v = value / 1024;
  let unit = 0;
  while (v >= 1024 && unit < units.length - 1) {
    v /= 1024;
    unit += 1;
  }
  return `${v.toFixed(1)} ${units[unit]}`;
}

export function duration(seconds: number): string {
  const s = Math.floor(seconds);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3_600);
  const m = Math.floor((s % 3_600) / 60);
  const parts = [d ? `${d}d` : '', h ? `${h}h` : '', m ? `${m}m` : '', `${s % 60}s`];
  return parts.filter(Boolean).join(' ');
}

export function state(value: string): string {
  if (value === 'running') return colors.green(value);
  if (value === 'emergency_stopped') return colors.red(colors.bold(value));
  if (value === 'stopped') return colors.yellow(value);
  return value;
}

export function health(value: string): string {
  if (value === 'healthy') return colors.green(value);
  if (value === 'degraded') return colors.yellow(value);
  return colors.red(value);
}

// No rule between rows: dense enough to read many rows at a glance.
const COMPACT = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

/** A table with a header row; numeric columns are right-aligned. */
export function table(head: string[], rows: string[][], right: number[] = []): string {
  const t = new Table({
    head: head.map((h) => colors.bold(h)),
    chars: COMPACT,
    style: { head: [], border: [] },
    colAligns: head.map((_, i) => (right.includes(i) ? 'right' : 'left')),
  });
  t.push(...rows);
  return t.toString();
}

/** Two columns: a label and its value. */
export function keyValues(rows: [string, string][]): string {
  const t = new Table({ chars: COMPACT, style: { head: [], border: [] } });
  t.push(...rows.map(([k, v]) => ({ [colors.bold(k)]: v })));
  return t.toString();
}
