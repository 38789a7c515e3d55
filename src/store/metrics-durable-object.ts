import { callObject } from './durable-object';
import type { MetricsRpc } from './durable-objects/metrics';
import { fieldOf, type MetricsStore, oldestKept, rowOf } from './metrics';

/** The metrics binding of wrangler.toml. */
export interface MetricsBindings {
  METRICS: DurableObjectNamespace<MetricsRpc>;
}

/** Daily counters on Cloudflare Workers, in the deployment's one metrics object. */
export function createDurableObjectMetrics(env: MetricsBindings): MetricsStore {
  const object = () => env.METRICS.get(env.METRICS.idFromName('metrics'));
  return {
    async add(day, metrics) {
      // Summed here first, so a step's metrics are one RPC with one row per counter.
      const sums = new Map<string, number>();
      for (const m of metrics) sums.set(fieldOf(m), (sums.get(fieldOf(m)) ?? 0) + m.n);
      await callObject('metrics add', () => object().add(day, [...sums], oldestKept(day)));
    },
    async read(from, to) {
      const rows = await callObject('metrics read', () => object().read(from, to));
      return rows.map(([day, field, n]) => rowOf(day, field, n));
    },
    async close() {},
  };
}
