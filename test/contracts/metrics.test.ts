import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemoryMetrics } from '../../src/store/metrics';
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

  it('gives every day an expiry', async () => {
    const look = await inspector();
    const keys = await keysUnder(look, prefix);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(await look.pTTL(key)).toBeGreaterThan(0);
    await removeUnder(look, prefix);
    await look.close();
  });
});
