import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Metric } from '../../src/core/metrics';
import type { MetricsStore } from '../../src/store/metrics';

const m = (name: Metric['name'], labels: Record<string, string>, n = 1): Metric => ({
  name,
  labels,
  n,
});

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
      await store.add('2026-11-20', [
        m('escalation', { category: 'danger', severity: 'high' }),
        m('escalation', { severity: 'high', category: 'danger' }),
        m('escalation', { category: 'stranded', severity: 'medium' }),
      ]);
      await store.add('2026-11-21', [m('escalation', { category: 'danger', severity: 'high' }, 3)]);
      const rows = await store.read('2026-11-20', '2026-11-21');
      expect(rows).toHaveLength(3);
      expect(rows).toContainEqual({
        day: '2026-11-20',
        name: 'escalation',
        labels: { category: 'danger', severity: 'high' },
        n: 2,
      });
      expect(rows).toContainEqual({
        day: '2026-11-21',
        name: 'escalation',
        labels: { category: 'danger', severity: 'high' },
        n: 3,
      });
    });

    it('reads only the days asked for', async () => {
      await store.add('2026-10-01', [m('opt_out', { channel: 'sms' })]);
      await store.add('2026-10-03', [m('opt_out', { channel: 'sms' })]);
      const rows = await store.read('2026-10-02', '2026-10-03');
      expect(rows.map((r) => r.day)).toEqual(['2026-10-03']);
    });

    it('forgets days past the retention as new days are written', async () => {
      await store.add('2024-01-01', [m('opt_out', { channel: 'sms' })]);
      await store.add('2026-11-22', [m('opt_out', { channel: 'sms' })]);
      expect(await store.read('2024-01-01', '2024-01-01')).toEqual([]);
    });
  });
}
