import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite';
import { tempDir } from '../helpers/temp';
import { recordFor, storeContract, uniqueKey } from './store.contract';

const dir = tempDir('sqlite');
let files = 0;
const freshPath = () => join(dir, `t${++files}`, 'sira.db');

storeContract('sqlite', () => {
  let offset = 0;
  return {
    store: createSqliteStore({ path: freshPath(), now: () => Date.now() + offset }),
    advance: (ms) => {
      offset += ms;
    },
  };
});

describe('sqlite store', () => {
  it('creates its folder and keeps records across a close and a reopen', async () => {
    const path = freshPath();
    const first = createSqliteStore({ path });
    const record = recordFor(uniqueKey('reopen'), {
      outbox: [{ id: 'o1', message: { kind: 'text', text: 'x' }, attempts: 0, dueAt: 10 }],
    });
    await first.save(record, 0);
    expect(await first.claim('m1', 60_000)).toBe(true);
    await first.close();

    const second = createSqliteStore({ path });
    expect(await second.load(record.key)).toEqual(record);
    expect(await second.claim('m1', 60_000)).toBe(false);
    expect(await second.due(100, 10)).toEqual([record.key]);
    await second.close();
  });

  it('commits writes made together as one batch, all durable when close() returns', async () => {
    const path = freshPath();
    const first = createSqliteStore({ path });
    const records = Array.from({ length: 20 }, (_, i) => recordFor(uniqueKey(`batch${i}`)));
    const saved = Promise.all(records.map((record) => first.save(record, 0)));
    const claimed = Promise.all(records.map((_, i) => first.claim(`batch-m${i}`, 60_000)));
    await first.close();
    await saved;
    expect(await claimed).toEqual(records.map(() => true));

    const second = createSqliteStore({ path });
    for (const record of records) expect(await second.load(record.key)).toEqual(record);
    expect(await second.claim('batch-m0', 60_000)).toBe(false);
    await second.close();
  });

  it('runs in WAL mode', async () => {
    const path = freshPath();
    await createSqliteStore({ path }).close();
    const db = new DatabaseSync(path);
    expect(db.prepare('PRAGMA journal_mode').get()?.journal_mode).toBe('wal');
    db.close();
  });

  it('refuses a second opener of the same file: its lock is in-process only', async () => {
    const path = freshPath();
    const store = createSqliteStore({ path });
    expect(() => createSqliteStore({ path })).toThrow(
      expect.objectContaining({ name: 'StoreError', code: 'unavailable' }),
    );
    await store.close();
  });

  it('purges expired records and claims from the file, not only from reads', async () => {
    const path = freshPath();
    let offset = 0;
    const store = createSqliteStore({ path, now: () => Date.now() + offset });
    await store.save(recordFor('old', { expiresAt: Date.now() + 1_000 }), 0);
    await store.claim('m-old', 1_000);
    offset = 120_000;
    await store.due(Date.now(), 10);
    await store.close();
    const db = new DatabaseSync(path);
    expect(db.prepare('SELECT count(*) AS n FROM records').get()?.n).toBe(0);
    expect(db.prepare('SELECT count(*) AS n FROM claims').get()?.n).toBe(0);
    db.close();
  });

  it('keeps no provider message id in the file, only a digest', async () => {
    const path = freshPath();
    const store = createSqliteStore({ path });
    await store.claim('whatsapp:wamid.HBgLMTU1NTAxMDAwMDI', 60_000);
    await store.close();
    const db = new DatabaseSync(path);
    const ids = db.prepare('SELECT id FROM claims').all();
    db.close();
    expect(ids).toHaveLength(1);
    expect(String(ids[0]?.id)).not.toContain('wamid');
  });

  it('reports a closed database as unavailable', async () => {
    const store = createSqliteStore({ path: freshPath() });
    await store.close();
    await expect(store.load('k')).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('finds due conversations through the wake index', async () => {
    const path = freshPath();
    await createSqliteStore({ path }).close();
    const db = new DatabaseSync(path);
    const plan = db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT key FROM records WHERE wake_at <= 1 AND expires_at > 1 ORDER BY wake_at LIMIT 5',
      )
      .all()
      .map((row) => String(row.detail));
    db.close();
    expect(plan.join(' ')).toContain('records_wake');
  });
});
