/**
 * The SQLite store syncs its write-ahead log itself, off the event loop (src/store/sqlite-commit.ts):
 * no write may resolve before the fsync that covers it has succeeded. fsync is the one thing
 * faked here, so the test decides when the disk answers; SQLite and the file are real.
 */
import { fstatSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite';
import { tempDir } from '../helpers/temp';
import { recordFor, uniqueKey } from './store.contract';

type Done = (error: NodeJS.ErrnoException | null) => void;
const syncs = vi.hoisted(() => ({
  /** fsyncs asked for and not answered yet. */
  held: [] as { fd: number; done: Done }[],
  /** When false, fsync answers at once (as the real one, synchronously on the thread pool). */
  hold: false,
  /** The next syncs of a folder (fsyncSync) that fail, and how many were asked for. */
  folderFailures: 0,
  folderSyncs: 0,
}));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const fsync = (fd: number, done: Done) => {
    if (syncs.hold) syncs.held.push({ fd, done });
    else fs.fsync(fd, done);
  };
  const fsyncSync = (fd: number) => {
    syncs.folderSyncs++;
    if (syncs.folderFailures > 0) {
      syncs.folderFailures--;
      throw eio();
    }
    fs.fsyncSync(fd);
  };
  return { ...fs, default: { ...fs, fsync, fsyncSync }, fsync, fsyncSync };
});

/** The error a failing disk gives fsync. Hoisted: the mock of node:fs above uses it. */
function eio() {
  return Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
}

const dir = tempDir('sqlite-sync');
let files = 0;
const freshPath = () => join(dir, `t${++files}`, 'sira.db');

/** Whether `promise` has settled after the event loop has had a few turns. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  await new Promise((resolve) => setTimeout(resolve, 30));
  return done;
}

/** A store whose log exists (one save synced), with the syncs that follow held. */
async function storeWithHeldSyncs(path: string) {
  const store = createSqliteStore({ path });
  await store.save(recordFor(uniqueKey('first')), 0);
  syncs.hold = true;
  return store;
}

afterEach(() => {
  syncs.hold = false;
  syncs.folderFailures = 0;
  for (const { done } of syncs.held.splice(0)) done(null);
});

describe('sqlite store durability', () => {
  it('resolves a save only once the fsync of the log that holds it has succeeded', async () => {
    const path = freshPath();
    const store = await storeWithHeldSyncs(path);

    const saved = store.save(recordFor(uniqueKey('held')), 0);
    expect(await settled(saved)).toBe(false);
    expect(syncs.held).toHaveLength(1);
    // The fsync is of the write-ahead log itself.
    expect(fstatSync(syncs.held[0]?.fd ?? -1).ino).toBe(statSync(`${path}-wal`).ino);

    syncs.held.shift()?.done(null);
    await expect(saved).resolves.toBeUndefined();
    syncs.hold = false;
    await store.close();
  });

  it('fails the batch whose sync failed and writes nothing more until restarted', async () => {
    const path = freshPath();
    const store = await storeWithHeldSyncs(path);

    const saves = [recordFor(uniqueKey('lost1')), recordFor(uniqueKey('lost2'))].map((r) =>
      store.save(r, 0),
    );
    expect(await settled(Promise.all(saves))).toBe(false);
    syncs.held.shift()?.done(eio());
    for (const save of saves) {
      await expect(save).rejects.toMatchObject({ name: 'StoreError', code: 'unavailable' });
    }

    // The failed frames may be gone from the disk: a later batch synced behind them could be
    // lost with them after a power cut, so nothing is acknowledged any more.
    syncs.hold = false;
    const unavailable = { name: 'StoreError', code: 'unavailable' };
    await expect(store.save(recordFor(uniqueKey('after')), 0)).rejects.toMatchObject(unavailable);
    await expect(store.claim('after-m1', 60_000)).rejects.toMatchObject(unavailable);
    await store.close();

    // A restart reads the log back from the disk and writes again.
    const restarted = createSqliteStore({ path });
    const after = recordFor(uniqueKey('restarted'));
    await restarted.save(after, 0);
    expect(await restarted.load(after.key)).toEqual(after);
    await restarted.close();
  });

  it('syncs the folder before the first write resolves, and stops writing if it cannot', async () => {
    const path = freshPath();
    syncs.folderFailures = 1;
    const store = createSqliteStore({ path });
    const before = syncs.folderSyncs;
    await expect(store.save(recordFor(uniqueKey('nofolder')), 0)).rejects.toMatchObject({
      code: 'unavailable',
    });
    expect(syncs.folderSyncs).toBe(before + 1);
    // Not acknowledged later either: the log's name in the folder is not known to be durable.
    await expect(store.save(recordFor(uniqueKey('nofolder2')), 0)).rejects.toMatchObject({
      code: 'unavailable',
    });
    await store.close();

    const restarted = createSqliteStore({ path });
    await restarted.save(recordFor(uniqueKey('folder')), 0);
    expect(syncs.folderSyncs).toBe(before + 2);
    await restarted.close();
  });

  it('closes only once the sync under way has ended, every write settled', async () => {
    const path = freshPath();
    const store = await storeWithHeldSyncs(path);
    const record = recordFor(uniqueKey('closing'));
    const saved = store.save(record, 0);
    expect(await settled(saved)).toBe(false);

    const closed = store.close();
    expect(await settled(closed)).toBe(false);
    syncs.held.shift()?.done(null);
    await closed;
    await expect(saved).resolves.toBeUndefined();

    syncs.hold = false;
    const reopened = createSqliteStore({ path });
    expect(await reopened.load(record.key)).toEqual(record);
    await reopened.close();
  });

  it('gathers the writes that arrive during a sync into the next commit and its one sync', async () => {
    const store = await storeWithHeldSyncs(freshPath());

    const first = store.save(recordFor(uniqueKey('during0')), 0);
    expect(await settled(first)).toBe(false);
    // Later turns of the event loop, while the first sync is still running.
    const later: Promise<void>[] = [];
    for (let i = 1; i <= 5; i++) {
      later.push(store.save(recordFor(uniqueKey(`during${i}`)), 0));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(syncs.held).toHaveLength(1);

    syncs.held.shift()?.done(null);
    await first;
    expect(await settled(Promise.all(later))).toBe(false);
    expect(syncs.held).toHaveLength(1);
    syncs.held.shift()?.done(null);
    await Promise.all(later);
    await store.close();
  });
});
