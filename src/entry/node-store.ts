import type { Config } from '../runtime/config';
import type { Logger } from '../runtime/log';
import type { MetricsStore } from '../store/metrics';
import { batchPerTurn } from '../store/metrics-batch';
import { createRedisMetrics } from '../store/metrics-redis';
import { createSqliteMetrics, metricsPathFor } from '../store/metrics-sqlite';
import { createRedisStore } from '../store/redis';
import { createSqliteStore } from '../store/sqlite';
import type { StaffStore } from '../store/staff';
import { createRedisStaffStore } from '../store/staff-redis';
import { createSqliteStaffStore } from '../store/staff-sqlite';
import type { SweptStore } from '../store/store';

/**
 * The Node entry's store: Redis when REDIS_URL is set (several instances share it), else the
 * SQLite file at SIRA_DB (one process, nothing else to run). There is deliberately no way to
 * run the server on the memory store: a production server that forgets every conversation on
 * restart must not be one typo away. Tests and `npm run chat` build the memory store directly.
 */
export async function openNodeStore(store: Config['store'], log: Logger): Promise<SweptStore> {
  if (store.redisUrl) {
    return createRedisStore({
      url: store.redisUrl,
      prefix: store.redisPrefix,
      onError: (error) => log.warn('store.redis_error', { kind: error.name }),
    });
  }
  return createSqliteStore({ path: store.dbPath });
}

/**
 * The reports' daily counters, beside the conversations: same Redis, or a file next to SIRA_DB;
 * written once per turn of the event loop for all the messages of that turn.
 */
export async function openNodeMetrics(store: Config['store']): Promise<MetricsStore> {
  const counters = store.redisUrl
    ? await createRedisMetrics(store.redisUrl, store.redisPrefix)
    : createSqliteMetrics(metricsPathFor(store.dbPath));
  return batchPerTurn(counters, setImmediate);
}

/** The console's staff store beside the conversation store: Redis, or its own SQLite file. */
export async function openStaffStore(config: Config, log: Logger): Promise<StaffStore> {
  if (config.store.redisUrl) {
    return createRedisStaffStore({
      url: config.store.redisUrl,
      prefix: config.store.redisPrefix,
      onError: (error) => log.warn('staff.redis_error', { kind: error.name }),
    });
  }
  return createSqliteStaffStore({ path: config.staffConsole.staffDbPath });
}
