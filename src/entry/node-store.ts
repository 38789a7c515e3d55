import type { Config } from '../runtime/config';
import type { Logger } from '../runtime/log';
import { createRedisStore } from '../store/redis';
import { createSqliteStore } from '../store/sqlite';
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
