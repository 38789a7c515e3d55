import { dayOf, fieldOf, METRICS_RETENTION_DAYS, type MetricsStore, rowOf } from './metrics';
import { call, connect } from './redis';

const DAY_S = 86_400;

/**
 * Daily counters in Redis: one hash per day (`<prefix>m:<day>`, field = name and labels) that
 * expires by itself the retention period after that day. HINCRBY makes concurrent instances
 * add safely.
 */
export async function createRedisMetrics(url: string, prefix: string): Promise<MetricsStore> {
  // The same client settings as the conversation store: fail fast, reconnect in the background.
  const { client, close } = await connect({ url, prefix });
  const keyOf = (day: string) => `${prefix}m:${day}`;
  return {
    async add(day, metrics) {
      if (!metrics.length) return;
      const multi = client().multi();
      for (const m of metrics) multi.hIncrBy(keyOf(day), fieldOf(m), m.n);
      // The day's own date sets its end, so an old day written late is not kept longer.
      multi.expireAt(keyOf(day), Date.parse(day) / 1000 + (METRICS_RETENTION_DAYS + 1) * DAY_S);
      await call('metrics add', () => multi.exec());
    },
    async read(from, to) {
      const days: string[] = [];
      for (let at = Date.parse(from); at <= Date.parse(to); at += DAY_S * 1000) {
        days.push(dayOf(at));
      }
      const hashes = await call('metrics read', () =>
        Promise.all(days.map((d) => client().hGetAll(keyOf(d)))),
      );
      return hashes.flatMap((hash, i) =>
        Object.entries(hash).map(([field, n]) => rowOf(days[i] as string, field, Number(n))),
      );
    },
    close,
  };
}
