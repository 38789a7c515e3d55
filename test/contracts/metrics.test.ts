import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createMemoryMetrics,
  METRICS_RETENTION_DAYS,
  type MetricsStore,
} from '../../src/store/metrics';
import { batchPerTurn } from '../../src/store/metrics-batch';
import { createRedisMetrics } from '../../src/store/metrics-redis';
import { createSqliteMetrics, metricsPathFor } from '../../src/store/metrics-sqlite';
import {
  cleanPrefixAfterAll,
  inspector,
  keysUnder,
  REDIS_URL,
  redisReady,
  removeUnder,
} from '../helpers/redis';
import { tempDir } from '../helpers/temp';
import { metricsContract } from './metrics.contract';

metricsContract('memory', () => createMemoryMetrics());
metricsContract('memory, batched per turn', () =>
  batchPerTurn(createMemoryMetrics(), setImmediate),
);

describe('counters batched per turn', () => {
  /** A store that records each write it is given, and fails when told to. */
  const recording = () => {
    const writes: Parameters<MetricsStore['add']>[] = [];
    let failing = false;
    const inner = createMemoryMetrics();
    const store: MetricsStore = {
      ...inner,
      async add(day, metrics) {
        writes.push([day, metrics]);
        if (failing) throw new Error('disk full');
        await inner.add(day, metrics);
      },
    };
    return { store, writes, fail: () => (failing = true) };
  };
  const started = { name: 'conversation_started' as const, labels: { channel: 'sms' }, n: 1 };
  const menu = { name: 'node_viewed' as const, labels: { node: 'return' }, n: 1 };

  it('writes the adds of one turn once per day, summed, and resolves them after that write', async () => {
    const { store, writes } = recording();
    const batched = batchPerTurn(store, setImmediate);
    const adds = [
      batched.add('2026-11-20', [started]),
      batched.add('2026-11-20', [started, menu]),
      batched.add('2026-11-21', [menu]),
    ];
    expect(writes).toEqual([]);
    await Promise.all(adds);
    expect(writes).toEqual([
      ['2026-11-20', [{ ...started, n: 2 }, menu]],
      ['2026-11-21', [menu]],
    ]);
    await batched.add('2026-11-21', [menu]);
    expect(writes).toHaveLength(3);
    const rows = await batched.read('2026-11-20', '2026-11-21');
    expect(rows.map((r) => [r.day, r.name, r.n])).toEqual([
      ['2026-11-20', 'conversation_started', 2],
      ['2026-11-20', 'node_viewed', 1],
      ['2026-11-21', 'node_viewed', 2],
    ]);
  });

  it('fails every add of a turn whose write failed', async () => {
    const { store, fail } = recording();
    const batched = batchPerTurn(store, setImmediate);
    fail();
    const adds = [batched.add('2026-11-20', [started]), batched.add('2026-11-20', [menu])];
    for (const add of adds) await expect(add).rejects.toThrow('disk full');
  });
});

const dir = tempDir('metrics');
let files = 0;
metricsContract('sqlite', () => createSqliteMetrics(join(dir, `m${++files}.db`)));

describe('sqlite metrics file', () => {
  it('sits beside the conversation database', () => {
    expect(metricsPathFor('./data/sira.db')).toBe('./data/sira-metrics.db');
    expect(metricsPathFor('/var/lib/sira/store')).toBe('/var/lib/sira/store-metrics.db');
  });
});

const ready = await redisReady();
describe.skipIf(!ready)('redis metrics', () => {
  const prefix = cleanPrefixAfterAll();
  metricsContract('redis', () => createRedisMetrics(REDIS_URL, `${prefix}${++files}:`));

  it('gives every day an expiry, by its date', async () => {
    const look = await inspector();
    const keys = await keysUnder(look, prefix);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      const day = key.slice(-'YYYY-MM-DD'.length);
      const end = Date.parse(day) / 1000 + (METRICS_RETENTION_DAYS + 1) * 86_400;
      expect(await look.expireTime(key)).toBe(end);
    }
    await removeUnder(look, prefix);
    await look.close();
  });
});
