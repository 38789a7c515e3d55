import type { Metric } from '../core/metrics';
import { fieldOf, type MetricsStore } from './metrics';

/**
 * Counters added during one turn of the event loop, written to `store` together: one
 * transaction (SQLite) or one round trip (Redis) for every message of the turn, instead of one
 * per message, which was the largest single cost of a message in the bench profile. Each
 * `add` resolves once the write that carries it is done, and fails if that write fails, as
 * with the store itself. `schedule` runs the write after the turn (setImmediate on Node).
 */
export function batchPerTurn(
  store: MetricsStore,
  schedule: (flush: () => void) => void,
): MetricsStore {
  /** Per day, per field (name and labels): the metric with its summed count. */
  let pending: Map<string, Map<string, Metric>> | null = null;
  let written: Promise<void> = Promise.resolve();

  const flush = async (days: Map<string, Map<string, Metric>>) => {
    for (const [day, metrics] of days) await store.add(day, [...metrics.values()]);
  };

  return {
    add(day, metrics) {
      if (!metrics.length) return Promise.resolve();
      if (!pending) {
        const days = new Map<string, Map<string, Metric>>();
        pending = days;
        written = new Promise<void>((resolve, reject) =>
          schedule(() => {
            pending = null;
            flush(days).then(resolve, reject);
          }),
        );
      }
      const counters = pending.get(day) ?? new Map<string, Metric>();
      pending.set(day, counters);
      for (const m of metrics) {
        const field = fieldOf(m);
        const sum = counters.get(field);
        counters.set(field, { ...m, n: (sum?.n ?? 0) + m.n });
      }
      return written;
    },
    read: (from, to) => store.read(from, to),
    async close() {
      await written.catch(() => {});
      await store.close();
    },
  };
}
