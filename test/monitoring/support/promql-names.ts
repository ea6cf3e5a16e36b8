const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
  'atan2',
  'inf',
  'nan',
]);

/**
 * The metric names a PromQL expression selects. A small lexer, not a parser: it drops strings,
 * label matchers, ranges and grouping lists, then keeps identifiers that are not keywords and
 * not function or aggregation calls. Enough for our rules and panels, which promtool and the
 * live Prometheus also parse for real.
 */
export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  const token = /([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?|\d[\w.]*/g;
  for (const match of stripped.matchAll(token)) {
    const [, identifier, call] = match;
    if (!identifier || call || KEYWORDS.has(identifier.toLowerCase())) continue;
    names.add(identifier);
  }
  return [...names].sort();
}

/** Names a recording rule defines carry a colon (level:metric:operations). */
export function isRecordedName(name: string): boolean {
  return name.includes(':');
}

/**
 * Expands recorded names to the raw metrics they are computed from, so a panel or an alert on
 * featurestore:hit_ratio_5m is held against featurestore_hits_total and _misses_total.
 */
export function rawMetricNames(expr: string, recordings: Map<string, string>, depth = 0): string[] {
  if (depth > 10) throw new Error(`recording rules refer to each other in a loop: ${expr}`);
  const names = new Set<string>();
  for (const name of metricNames(expr)) {
    const definition = recordings.get(name);
    if (definition !== undefined) {
      for (const raw of rawMetricNames(definition, recordings, depth + 1)) names.add(raw);
    } else {
      names.add(name);
    }
  }
  return [...names].sort();
}
