import { closeSync, fsync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { StoreError } from '../core/errors';

/**
 * The batching behind every write of the SQLite store, and what makes a write durable.
 *
 * Durability. The file is in WAL mode with synchronous=NORMAL, so SQLite's COMMIT writes the
 * transaction's frames to the log without an fsync, and this module fsyncs the log itself on
 * libuv's thread pool before any write of that transaction resolves. A write that resolved
 * (and so a webhook that was acknowledged) therefore survives a SIGKILL *and* a power cut, as
 * with synchronous=FULL; the database stays consistent either way (SQLite's checkpoints sync
 * on their own). SQLite's FULL would sync the same log inside COMMIT, on the event loop: in the
 * bench profile COMMIT took 40% of the server's busy time, and about 15% without its fsync.
 *
 * Group commit: writes go into one open transaction, committed on the next turn of the event
 * loop (setImmediate), or, while the log's previous sync is still running, as soon as it ends.
 * So messages arriving together share one commit and one fsync, and under load the batches
 * grow to fill the time an fsync takes. Reads on this one connection see the open batch's
 * writes; nothing is sent or answered from them before they are synced, and a batch whose
 * commit fails rejects every write in it (503: the provider retries). A failed sync stops all
 * writing until restart (see `failed`).
 */
export interface GroupCommit {
  /** Run `fn` in the open batch; resolves with its result once the batch is synced. */
  <T>(what: string, fn: () => T): Promise<T>;
  /**
   * Run `fn` in the open batch and return its result at once: for writes that need not
   * survive a crash, which so spare a message a wait for a commit of their own.
   */
  unsynced<T>(what: string, fn: () => T): T;
  /** Commit and sync everything written so far (before closing). */
  flush(): Promise<void>;
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

const rejectAll = (waiting: readonly Waiter[], error: unknown) => {
  for (const w of waiting) w.reject(error);
};

/** Makes everything committed so far durable; null for a database in memory. */
export type SyncLog = (() => Promise<void>) | null;

export function createGroupCommit(
  db: DatabaseSync,
  syncLog: SyncLog,
  guard: <T>(what: string, fn: () => T) => T,
): GroupCommit {
  /** The writes of the open transaction, null when none is open. */
  let batch: Waiter[] | null = null;
  /** The log's sync that is running, if one is: its end commits the next batch. */
  let syncing: Promise<void> | null = null;
  /**
   * Set for good once a sync of the log failed. Its frames are committed, and Linux may have
   * dropped them from the page cache with the error reported only once: later batches synced
   * behind them could then be lost too, as a WAL is read back only up to its first bad frame.
   * So, as PostgreSQL does, nothing more is written (every webhook gets 503 and is retried)
   * until sira restarts and SQLite reads the log back from the disk.
   */
  let failed: StoreError | null = null;

  const rollback = () => {
    try {
      if (db.isOpen && db.isTransaction) db.exec('ROLLBACK');
    } catch {
      // The batch fails either way; the next BEGIN reports what state the database is in.
    }
  };

  const commit = () => {
    if (!batch || syncing) return;
    const waiting = batch;
    batch = null;
    try {
      if (failed) throw failed;
      guard('commit', () => db.exec('COMMIT'));
    } catch (error) {
      rollback();
      rejectAll(waiting, error);
      return;
    }
    if (!syncLog) {
      for (const w of waiting) w.resolve();
      return;
    }
    syncing = syncLog()
      .then(
        () => {
          for (const w of waiting) w.resolve();
        },
        (cause: unknown) => {
          const reason = cause instanceof Error ? cause.message : 'unknown';
          failed = new StoreError(
            'unavailable',
            `sqlite: the log could not be synced (${reason}); nothing is written until restart`,
            { cause },
          );
          rejectAll(waiting, failed);
        },
      )
      .finally(() => {
        syncing = null;
        commit();
      });
  };

  /** The open batch, begun if none is. */
  const open = () => {
    if (failed) throw failed;
    // A statement error can make SQLite roll the whole transaction back by itself: then the
    // writes of this batch are gone and must fail, and this one starts a new batch.
    if (batch && !db.isTransaction) {
      rejectAll(batch, new StoreError('unavailable', 'sqlite: the transaction was rolled back'));
      batch = null;
    }
    if (!batch) {
      guard('begin', () => db.exec('BEGIN IMMEDIATE'));
      batch = [];
      setImmediate(commit);
    }
    return batch;
  };

  const write = (<T>(what: string, fn: () => T): Promise<T> => {
    const waiting = open();
    const result = guard(what, fn);
    return new Promise<T>((resolve, reject) =>
      waiting.push({ resolve: () => resolve(result), reject }),
    );
  }) as GroupCommit;
  write.unsynced = (what, fn) => {
    open();
    return guard(what, fn);
  };
  write.flush = async () => {
    while (batch || syncing) {
      if (syncing) await syncing;
      else commit();
    }
  };
  return write;
}

/**
 * fsync of the write-ahead log `<path>-wal`, on libuv's thread pool. The log exists once a
 * first transaction has committed, which is when this is first called; its folder is synced
 * once too, so the log's name survives a power cut with its content.
 */
export function walSync(path: string): { sync: () => Promise<void>; close: () => void } {
  let fd: number | null = null;
  const sync = () =>
    new Promise<void>((resolve, reject) => {
      try {
        if (fd === null) {
          const log = openSync(`${path}-wal`, 'r+');
          try {
            syncFolder(dirname(path));
          } catch (error) {
            closeSync(log);
            throw error;
          }
          fd = log;
        }
      } catch (error) {
        reject(error);
        return;
      }
      fsync(fd, (error) => (error ? reject(error) : resolve()));
    });
  const close = () => {
    if (fd !== null) closeSync(fd);
    fd = null;
  };
  return { sync, close };
}

function syncFolder(folder: string) {
  const fd = openSync(folder, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
