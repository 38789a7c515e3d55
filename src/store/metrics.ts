import type { Metric, MetricName } from '../core/metrics';

/** A counter for one day: the sum of every metric with this name and these labels. */
export interface MetricRow {
  day: string;
  name: MetricName;
  labels: Record<string, string>;
  n: number;
}

/**
 * Daily counters for the reports, kept for a year and a bit (so last year's same week can be
 * compared), then dropped by the store itself. Counts only: no text beyond the labels, no
 * conversation key, so nothing here leads back to a person.
 */
export interface MetricsStore {
  /** Add to the day's counters (`day` as YYYY-MM-DD, UTC). */
  add(day: string, metrics: readonly Metric[]): Promise<void>;
  /** Every counter from `from` to `to`, both included. */
  read(from: string, to: string): Promise<MetricRow[]>;
  close(): Promise<void>;
}

export const METRICS_RETENTION_DAYS = 400;

/** The counters' SQL, for every SQLite that keeps them (the Node file, the Durable Object). */
export const METRICS_SQL = {
  table: `CREATE TABLE IF NOT EXISTS metrics (
    day TEXT NOT NULL, field TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (day, field)
  ) WITHOUT ROWID;`,
  add: `INSERT INTO metrics (day, field, n) VALUES (?, ?, ?)
    ON CONFLICT (day, field) DO UPDATE SET n = n + excluded.n`,
  read: 'SELECT day, field, n FROM metrics WHERE day >= ? AND day <= ?',
  purge: 'DELETE FROM metrics WHERE day < ?',
} as const;
const DAY_MS = 86_400_000;

/** The UTC day of a time, as the stores key it. */
export const dayOf = (at: number): string => new Date(at).toISOString().slice(0, 10);

/** The oldest day still kept on `today`. */
export const oldestKept = (today: string): string =>
  dayOf(Date.parse(today) - METRICS_RETENTION_DAYS * DAY_MS);

/** One field per (name, labels): labels sorted, so the same counter always has the same field. */
export function fieldOf(metric: Pick<Metric, 'name' | 'labels'>): string {
  const labels = Object.entries(metric.labels).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([metric.name, Object.fromEntries(labels)]);
}

export function rowOf(day: string, field: string, n: number): MetricRow {
  const [name, labels] = JSON.parse(field) as [MetricName, Record<string, string>];
  return { day, name, labels, n };
}

/** Counters in memory, for tests and the terminal chat. */
export function createMemoryMetrics(): MetricsStore {
  const days = new Map<string, Map<string, number>>();
  return {
    async add(day, metrics) {
      const counters = days.get(day) ?? new Map<string, number>();
      for (const m of metrics) counters.set(fieldOf(m), (counters.get(fieldOf(m)) ?? 0) + m.n);
      days.set(day, counters);
      const oldest = oldestKept(day);
      for (const kept of days.keys()) if (kept < oldest) days.delete(kept);
    },
    async read(from, to) {
      return [...days]
        .filter(([day]) => day >= from && day <= to)
        .flatMap(([day, counters]) => [...counters].map(([field, n]) => rowOf(day, field, n)));
    },
    async close() {},
  };
}
