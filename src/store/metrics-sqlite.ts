import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { StoreError } from '../core/errors';
import { fieldOf, METRICS_SQL, type MetricsStore, oldestKept, rowOf } from './metrics';

/**
 * Daily counters in their own SQLite file beside the conversations' (the conversation store
 * holds its file in exclusive mode). Old days are deleted as new ones are written.
 */
export function createSqliteMetrics(path: string): MetricsStore {
  let db: DatabaseSync;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new DatabaseSync(path, { timeout: 1_000 });
    db.exec(`
      PRAGMA journal_mode = WAL;
      -- Counters, not messages: losing the last moments of counts to a power cut is acceptable,
      -- and NORMAL spares every message an fsync here.
      PRAGMA synchronous = NORMAL;
      ${METRICS_SQL.table}`);
  } catch (error) {
    throw new StoreError('unavailable', `cannot open ${path}`, { cause: error });
  }
  const add = db.prepare(METRICS_SQL.add);
  const read = db.prepare(METRICS_SQL.read);
  const purge = db.prepare(METRICS_SQL.purge);
  return {
    async add(day, metrics) {
      db.exec('BEGIN');
      try {
        for (const m of metrics) add.run(day, fieldOf(m), m.n);
        purge.run(oldestKept(day));
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw new StoreError('unavailable', 'metrics write failed', { cause: error });
      }
    },
    async read(from, to) {
      return read.all(from, to).map((r) => rowOf(String(r.day), String(r.field), Number(r.n)));
    },
    async close() {
      if (db.isOpen) db.close();
    },
  };
}

/** Where the counters live for a conversation database at `dbPath`. */
export const metricsPathFor = (dbPath: string): string =>
  dbPath === ':memory:' ? dbPath : dbPath.replace(/(\.db)?$/, '-metrics.db');
