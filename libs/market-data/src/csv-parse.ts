import type { Candle } from '@ffe/domain';

const HEADER = ['timestamp', 'open', 'high', 'low', 'close', 'volume'];

/**
 * Parses `timestamp,open,high,low,close,volume` rows (a header line is optional; timestamps
 * are ISO 8601, epoch seconds or epoch milliseconds). Throws naming the line on a bad row.
 */
export function parseCandlesCsv(text: string, source: string): Candle[] {
  const candles: Candle[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const cells = trimmed.split(',').map((cell) => cell.trim());
    if (index === 0 && cells[0].toLowerCase() === HEADER[0]) return;
    if (cells.length < 6) throw new Error(`${source}:${index + 1}: expected 6 columns`);
    const [open, high, low, close, volume] = cells.slice(1, 6).map(Number);
    const timestamp = parseTimestamp(cells[0]);
    if (![timestamp, open, high, low, close, volume].every(Number.isFinite)) {
      throw new Error(`${source}:${index + 1}: not a number`);
    }
    candles.push({ timestamp, open, high, low, close, volume });
  });
  candles.sort((a, b) => a.timestamp - b.timestamp);
  return candles;
}

function parseTimestamp(cell: string): number {
  if (/^\d+(\.\d+)?$/.test(cell)) {
    const value = Number(cell);
    // Ten digits or fewer are seconds (until the year 2286).
    return value < 1e11 ? value * 1_000 : value;
  }
  return Date.parse(cell);
}
