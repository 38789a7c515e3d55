import { type MetricName, MINUTE_BUCKETS } from '../core/metrics';
import type { MetricRow } from '../store/metrics';

/**
 * What the reports page and its CSV show, computed from the daily counters. Pure. Counts are
 * kept exact here; hiding small ones ("<5") is the display's job (`shown`), so every view of
 * the report applies the one rule.
 */
export interface Report {
  from: string;
  to: string;
  /** The Monday (YYYY-MM-DD) of every week the period touches, oldest first. */
  weeks: string[];
  startedPerWeek: Tally[];
  byChannel: Tally[];
  byLanguage: Tally[];
  flows: Tally[];
  topNodes: Tally[];
  cities: Tally[];
  questions: Tally[];
  /** Words of questions not understood, only those seen at least `SMALL` times. */
  unknownWords: Tally[];
  escalationsByCategory: Tally[];
  escalationsBySeverity: Tally[];
  optOuts: number;
  erasures: number;
  firstReply: WeekTimes[];
  targetMinutes: number;
}

export interface Tally {
  label: string;
  n: number;
}

/** Minutes to a first human reply in one week, from the bucket histogram. */
export interface WeekTimes {
  week: string;
  /** How many first replies the week had. */
  n: number;
  /** Upper bound of the bucket holding the median; `Infinity` past the last bucket. */
  median: number | null;
  p90: number | null;
}

/** Below this, a figure could point at a person: it is shown as "<5". */
export const SMALL = 5;

/** A count as people may see it. Zero too is "<5": any figure below five is. */
export const shown = (n: number): string => (n < SMALL ? `<${SMALL}` : String(n));

/** Minutes as shown: a bucket bound, or past the last one. */
export const shownMinutes = (m: number): string =>
  Number.isFinite(m) ? String(m) : `>${MINUTE_BUCKETS[MINUTE_BUCKETS.length - 1]}`;

const DAY_MS = 86_400_000;
const TOP = 10;

/** The Monday of a day's week (UTC), as YYYY-MM-DD. */
export function weekOf(day: string): string {
  const at = Date.parse(day);
  const sinceMonday = (new Date(at).getUTCDay() + 6) % 7;
  return new Date(at - sinceMonday * DAY_MS).toISOString().slice(0, 10);
}

/** The default period: the last `weeks` weeks, this one included, up to today. */
export function lastWeeks(today: string, weeks = 8): { from: string; to: string } {
  const monday = Date.parse(weekOf(today));
  return {
    from: new Date(monday - (weeks - 1) * 7 * DAY_MS).toISOString().slice(0, 10),
    to: today,
  };
}

function weeksBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let at = Date.parse(weekOf(from)); at <= Date.parse(to); at += 7 * DAY_MS)
    out.push(new Date(at).toISOString().slice(0, 10));
  return out;
}

/**
 * A percentile from a histogram: the upper bound of the bucket where the cumulative count
 * reaches `p` of the total. Coarse by design (the counters keep buckets, never times).
 */
export function percentile(buckets: Map<number, number>, p: number): number | null {
  const total = [...buckets.values()].reduce((a, b) => a + b, 0);
  if (!total) return null;
  let seen = 0;
  for (const [bound, n] of [...buckets].sort(([a], [b]) => a - b)) {
    seen += n;
    if (seen >= p * total) return bound;
  }
  return null;
}

export function buildReport(
  rows: readonly MetricRow[],
  period: { from: string; to: string },
  targetMinutes: number,
): Report {
  const inPeriod = rows.filter((r) => r.day >= period.from && r.day <= period.to);
  const of = (name: MetricName) => inPeriod.filter((r) => r.name === name);
  const tally = (name: MetricName, label: (r: MetricRow) => string | undefined) =>
    tallyOf(of(name), label);
  const weeks = weeksBetween(period.from, period.to);
  const started = tally('conversation_started', (r) => weekOf(r.day));
  const firstReply = weeks.map((week) => {
    const buckets = new Map<number, number>();
    for (const r of of('first_reply_minutes').filter((r) => weekOf(r.day) === week)) {
      const bound = r.labels.bucket === 'more' ? Number.POSITIVE_INFINITY : Number(r.labels.bucket);
      buckets.set(bound, (buckets.get(bound) ?? 0) + r.n);
    }
    const n = [...buckets.values()].reduce((a, b) => a + b, 0);
    return { week, n, median: percentile(buckets, 0.5), p90: percentile(buckets, 0.9) };
  });
  const sum = (name: MetricName) => of(name).reduce((a, r) => a + r.n, 0);
  return {
    ...period,
    weeks,
    startedPerWeek: weeks.map((week) => ({
      label: week,
      n: started.find((t) => t.label === week)?.n ?? 0,
    })),
    byChannel: tally('conversation_started', (r) => r.labels.channel),
    byLanguage: tally('language_chosen', (r) => r.labels.lng),
    flows: tally('node_viewed', (r) => r.labels.flow),
    topNodes: tally('node_viewed', (r) => `${r.labels.flow}/${r.labels.node}`).slice(0, TOP),
    cities: tally('city_asked', (r) => r.labels.city),
    questions: tally('question', (r) => r.labels.outcome),
    unknownWords: tally('question', (r) =>
      r.labels.outcome === 'not_understood' ? r.labels.words : undefined,
    ).filter((t) => t.label && t.n >= SMALL),
    escalationsByCategory: tally('escalation', (r) => r.labels.category),
    escalationsBySeverity: tally('escalation', (r) => r.labels.severity),
    optOuts: sum('opt_out'),
    erasures: sum('erasure'),
    firstReply,
    targetMinutes,
  };
}

/** Sums by label, largest first (then by label, so the order is stable). */
function tallyOf(rows: readonly MetricRow[], label: (r: MetricRow) => string | undefined): Tally[] {
  const sums = new Map<string, number>();
  for (const r of rows) {
    const l = label(r);
    if (l !== undefined) sums.set(l, (sums.get(l) ?? 0) + r.n);
  }
  return [...sums]
    .map(([l, n]) => ({ label: l, n }))
    .sort((a, b) => b.n - a.n || a.label.localeCompare(b.label));
}
