import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Metric } from '../../src/core/metrics';
import { dayOf, METRICS_RETENTION_DAYS, type MetricsStore } from '../../src/store/metrics';

const m = (name: Metric['name'], labels: Record<string, string>, n = 1): Metric => ({
  name,
  labels,
  n,
});

/**
 * The day `n` days before today. Days relative to the real date, not fixed ones: a store may
 * expire a day's counters by the calendar (Redis does, METRICS_RETENTION_DAYS after the day),
 * and a fixed day would one day fall out of every store. Today is read once: on Durable Objects
 * every test meets the same metrics object, and a midnight between two tests would otherwise
 * make one test's days overlap the last one's.
 */
const today = Date.now();
const daysAgo = (n: number): string => dayOf(today - n * 86_400_000);

/** What every daily-counter store must do, whatever keeps the counts. */
export function metricsContract(name: string, make: () => Promise<MetricsStore> | MetricsStore) {
  describe(`${name} metrics contract`, () => {
    let store: MetricsStore;
    const made: MetricsStore[] = [];
    beforeEach(async () => {
      store = await make();
      made.push(store);
    });
    afterAll(async () => {
      for (const s of made) await s.close();
    });

    it('adds up counters per day, name and labels, whatever the labels order', async () => {
      const [first, second] = [daysAgo(2), daysAgo(1)];
      await store.add(first, [
        m('escalation', { category: 'danger', severity: 'high' }),
        m('escalation', { severity: 'high', category: 'danger' }),
        m('escalation', { category: 'stranded', severity: 'medium' }),
      ]);
      await store.add(second, [m('escalation', { category: 'danger', severity: 'high' }, 3)]);
      const rows = await store.read(first, second);
      expect(rows).toHaveLength(3);
      expect(rows).toContainEqual({
        day: first,
        name: 'escalation',
        labels: { category: 'danger', severity: 'high' },
        n: 2,
      });
      expect(rows).toContainEqual({
        day: second,
        name: 'escalation',
        labels: { category: 'danger', severity: 'high' },
        n: 3,
      });
    });

    it('reads only the days asked for', async () => {
      const [before, from, to] = [daysAgo(5), daysAgo(4), daysAgo(3)];
      await store.add(before, [m('opt_out', { channel: 'sms' })]);
      await store.add(to, [m('opt_out', { channel: 'sms' })]);
      const rows = await store.read(from, to);
      expect(rows.map((r) => r.day)).toEqual([to]);
    });

    it('forgets days past the retention as new days are written', async () => {
      const old = daysAgo(METRICS_RETENTION_DAYS + 30);
      await store.add(old, [m('opt_out', { channel: 'sms' })]);
      await store.add(daysAgo(0), [m('opt_out', { channel: 'sms' })]);
      expect(await store.read(old, old)).toEqual([]);
    });
  });
}
