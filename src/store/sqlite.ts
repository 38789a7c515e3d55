import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { ClosedHandoff } from '../core/conversation/handoff';
import { StoreError } from '../core/errors';
import { type ConversationRecord, handoffSince, wakeAt } from '../core/record';
import { claimDigest } from './claim-digest';
import { createLocalLock } from './local-lock';
import { createGroupCommit, walSync } from './sqlite-commit';
import type { AuditEntry, SweptStore } from './store';

export interface SqliteStoreOptions {
  /** The database file; it and its folder are created on first start. */
  path: string;
  now?: () => number;
}

/** Bumped when the tables change; a file written by a newer version is refused, not guessed at. */
const SCHEMA_VERSION = 4;

/**
 * `records.wake_at` is the record's next send (wakeAt), indexed only where set so the sweep's
 * query stays small; `expires_at` is indexed for the purge. Claims hold a digest of the id.
 * Version 3 adds closed escalations (`archives`, per conversation key) and `audits`; both
 * tables are created on open, so older files gain them as they are.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS records (
    key TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    json TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    wake_at INTEGER,
    handoff_at INTEGER
  );
  CREATE INDEX IF NOT EXISTS records_wake ON records (wake_at) WHERE wake_at IS NOT NULL;
  CREATE INDEX IF NOT EXISTS records_handoff ON records (handoff_at) WHERE handoff_at IS NOT NULL;
  CREATE INDEX IF NOT EXISTS records_expiry ON records (expires_at);
  CREATE TABLE IF NOT EXISTS claims (
    id TEXT PRIMARY KEY, expires_at INTEGER NOT NULL, done INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS claims_expiry ON claims (expires_at);
  CREATE TABLE IF NOT EXISTS archives (
    key TEXT NOT NULL,
    id TEXT NOT NULL,
    json TEXT NOT NULL,
    closed_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (key, id)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS archives_expiry ON archives (expires_at);
  CREATE TABLE IF NOT EXISTS audits (at INTEGER NOT NULL, json TEXT NOT NULL, expires_at INTEGER NOT NULL);
  CREATE INDEX IF NOT EXISTS audits_at ON audits (at);
  CREATE INDEX IF NOT EXISTS audits_expiry ON audits (expires_at);
  PRAGMA user_version = ${SCHEMA_VERSION};
`;

/**
 * Durability and batching: see sqlite-commit.ts. NORMAL because that module syncs the log
 * itself, off the event loop, before any write resolves.
 *
 * One process. The lock is in-process (a promise chain per key), so the file is opened in
 * EXCLUSIVE locking mode: a second server on the same file fails at start instead of sweeping
 * the same outbox twice. Several instances share Redis instead (REDIS_URL).
 */
const PRAGMAS = `
  PRAGMA locking_mode = EXCLUSIVE;
  PRAGMA journal_mode = WAL;
  PRAGMA synchronous = NORMAL;
`;

/** How long a statement waits for a lock held elsewhere before the store reports unavailable. */
const BUSY_TIMEOUT_MS = 1_000;
/** Expired rows are filtered on every read and deleted at most this often, in small batches. */
const PURGE_INTERVAL_MS = 60_000;
const PURGE_BATCH = 1_000;

/**
 * SQLite result codes (primary, the low byte of `errcode`) that say the database cannot be used
 * now, rather than that our SQL is wrong: busy, locked, nomem, readonly, ioerr, corrupt, full,
 * cantopen, protocol, notadb.
 * @see https://www.sqlite.org/rescode.html
 */
const UNAVAILABLE_CODES = new Set([5, 6, 7, 8, 10, 11, 13, 14, 15, 26]);

/**
 * The Node default store: one SQLite file through the built-in `node:sqlite`, for a single Node
 * process. Nothing acknowledged is lost on a crash or restart; records and claims expire by
 * the store's own clock.
 */
export function createSqliteStore(options: SqliteStoreOptions): SweptStore {
  const now = options.now ?? Date.now;
  const db = guard('open', () => open(options.path));
  const sql = guard('prepare', () => ({
    load: db.prepare('SELECT json FROM records WHERE key = ? AND expires_at > ?'),
    // Create, or replace a record that has expired: never one that is still live.
    insert: db.prepare(`
      INSERT INTO records (key, seq, json, expires_at, wake_at, handoff_at)
      VALUES (:key, :seq, :json, :expiresAt, :wakeAt, :handoffAt)
      ON CONFLICT (key) DO UPDATE SET
        seq = excluded.seq, json = excluded.json, expires_at = excluded.expires_at,
        wake_at = excluded.wake_at, handoff_at = excluded.handoff_at
      WHERE records.expires_at <= :now`),
    update: db.prepare(`
      UPDATE records SET seq = :seq, json = :json, expires_at = :expiresAt, wake_at = :wakeAt,
        handoff_at = :handoffAt
      WHERE key = :key AND seq = :expectedSeq AND expires_at > :now`),
    seq: db.prepare('SELECT seq FROM records WHERE key = ? AND expires_at > ?'),
    claim: db.prepare(`
      INSERT INTO claims (id, expires_at) VALUES (?, ?)
      ON CONFLICT (id) DO UPDATE SET expires_at = excluded.expires_at, done = 0
      WHERE claims.expires_at <= ?`),
    release: db.prepare('DELETE FROM claims WHERE id = ?'),
    confirm: db.prepare('UPDATE claims SET expires_at = ?, done = 1 WHERE id = ?'),
    confirmed: db.prepare('SELECT done FROM claims WHERE id = ? AND expires_at > ?'),
    due: db.prepare(`
      SELECT key FROM records WHERE wake_at <= ? AND expires_at > ?
      ORDER BY wake_at LIMIT ?`),
    handoffs: db.prepare(`
      SELECT json FROM records WHERE handoff_at IS NOT NULL AND expires_at > ?
      ORDER BY handoff_at LIMIT ?`),
    delete: db.prepare('DELETE FROM records WHERE key = ?'),
    deleteArchives: db.prepare('DELETE FROM archives WHERE key = ?'),
    archive: db.prepare(`
      INSERT INTO archives (key, id, json, closed_at, expires_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (key, id) DO UPDATE SET
        json = excluded.json, closed_at = excluded.closed_at, expires_at = excluded.expires_at`),
    archived: db.prepare(
      'SELECT json FROM archives WHERE key = ? AND expires_at > ? ORDER BY closed_at',
    ),
    audit: db.prepare('INSERT INTO audits (at, json, expires_at) VALUES (?, ?, ?)'),
    audits: db.prepare('SELECT json FROM audits WHERE expires_at > ? ORDER BY at DESC LIMIT ?'),
    purgeArchives: db.prepare(`
      DELETE FROM archives WHERE (key, id) IN
        (SELECT key, id FROM archives WHERE expires_at <= ? LIMIT ${PURGE_BATCH})`),
    purgeAudits: db.prepare(`
      DELETE FROM audits WHERE rowid IN
        (SELECT rowid FROM audits WHERE expires_at <= ? LIMIT ${PURGE_BATCH})`),
    purgeRecords: db.prepare(`
      DELETE FROM records WHERE rowid IN
        (SELECT rowid FROM records WHERE expires_at <= ? LIMIT ${PURGE_BATCH})`),
    purgeClaims: db.prepare(`
      DELETE FROM claims WHERE id IN
        (SELECT id FROM claims WHERE expires_at <= ? LIMIT ${PURGE_BATCH})`),
  }));

  const log = options.path === ':memory:' ? null : walSync(options.path);
  const write = createGroupCommit(db, log?.sync ?? null, guard);
  let lastPurge = Number.NEGATIVE_INFINITY;
  /** Delete expired rows now and then; a full batch means more are waiting, so go on next call. */
  const purge = (at: number) => {
    if (at - lastPurge < PURGE_INTERVAL_MS) return;
    const purged = [sql.purgeRecords, sql.purgeClaims, sql.purgeArchives, sql.purgeAudits].map(
      (statement) => Number(statement.run(at).changes),
    );
    if (purged.every((n) => n < PURGE_BATCH)) lastPurge = at;
  };

  return {
    kind: 'sqlite',
    async load(key) {
      const row = guard('load', () => sql.load.get(key, now()));
      return row ? (JSON.parse(String(row.json)) as ConversationRecord) : null;
    },
    async save(record, expectedSeq) {
      const at = now();
      const values = {
        key: record.key,
        seq: record.seq,
        json: JSON.stringify(record),
        expiresAt: record.expiresAt,
        wakeAt: wakeAt(record),
        handoffAt: handoffSince(record),
        now: at,
      };
      await write('save', () => {
        const { changes } =
          expectedSeq === 0 ? sql.insert.run(values) : sql.update.run({ ...values, expectedSeq });
        if (Number(changes) === 0) {
          const found = sql.seq.get(record.key, at)?.seq ?? 0;
          throw new StoreError('conflict', `expected seq ${expectedSeq}, found ${found}`);
        }
        purge(at);
      });
    },
    async claim(messageId, ttlMs) {
      // Not waited for: one process holds the file, so a claim lost with a crash was held by
      // no attempt still running. It commits with the save that follows it in the same batch.
      const at = now();
      const { changes } = write.unsynced('claim', () =>
        sql.claim.run(claimDigest(messageId), at + ttlMs, at),
      );
      return Number(changes) === 1;
    },
    async release(messageId) {
      await write('release', () => sql.release.run(claimDigest(messageId)));
    },
    async confirm(messageId, ttlMs) {
      // Not waited for: the record is saved already, and should a crash lose this the
      // record's `seen` list still recognises a redelivery (see runtime/inbound.ts).
      write.unsynced('confirm', () => sql.confirm.run(now() + ttlMs, claimDigest(messageId)));
    },
    async confirmed(messageId) {
      const row = guard('confirmed', () => sql.confirmed.get(claimDigest(messageId), now()));
      return Number(row?.done ?? 0) === 1;
    },
    withLock: createLocalLock(),
    async due(at, limit) {
      const t = now();
      guard('purge', () => purge(t));
      return guard('due', () => sql.due.all(at, t, limit)).map((row) => String(row.key));
    },
    async handoffs(limit) {
      return guard('handoffs', () => sql.handoffs.all(now(), limit)).map(
        (row) => JSON.parse(String(row.json)) as ConversationRecord,
      );
    },
    async archive(key, entry, expiresAt) {
      await write('archive', () =>
        sql.archive.run(key, entry.id, JSON.stringify(entry), entry.closedAt, expiresAt),
      );
    },
    async archived(key) {
      return guard('archived', () => sql.archived.all(key, now())).map(
        (row) => JSON.parse(String(row.json)) as ClosedHandoff,
      );
    },
    async audit(entry, expiresAt) {
      const at = now();
      await write('audit', () => sql.audit.run(entry.at, JSON.stringify(entry), expiresAt));
      guard('purge', () => purge(at));
    },
    async audits(limit) {
      return guard('audits', () => sql.audits.all(now(), limit)).map(
        (row) => JSON.parse(String(row.json)) as AuditEntry,
      );
    },
    async delete(key) {
      // In one transaction with the rest of its batch: a conversation is never half deleted.
      await write('delete', () => {
        sql.delete.run(key);
        sql.deleteArchives.run(key);
      });
    },
    async close() {
      await write.flush();
      log?.close();
      if (db.isOpen) db.close();
    },
  };
}

function open(path: string): DatabaseSync {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path, { timeout: BUSY_TIMEOUT_MS });
  try {
    db.exec(PRAGMAS);
    const version = Number(db.prepare('PRAGMA user_version').get()?.user_version ?? 0);
    if (version > SCHEMA_VERSION) {
      throw new Error(`${path} has schema version ${version}; this sira knows ${SCHEMA_VERSION}`);
    }
    // The first write takes the exclusive lock: a second process stops here, busy.
    // Version 2 indexes the hotline queue; a version 1 file gains the column, empty until the
    // next save of each record (escalations did not exist when version 1 was written).
    if (version === 1) db.exec('ALTER TABLE records ADD COLUMN handoff_at INTEGER');
    // Version 4 tells handled claims from claims in flight; older ones count as handled.
    if (version >= 1 && version < 4) {
      db.exec('ALTER TABLE claims ADD COLUMN done INTEGER NOT NULL DEFAULT 1');
    }
    db.exec(SCHEMA);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Run one database call, turning "the database cannot be used now" into `unavailable`. */
function guard<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (isUnavailable(error)) {
      const reason = error instanceof Error ? error.message : 'unknown';
      throw new StoreError('unavailable', `sqlite ${what}: ${reason}`, { cause: error });
    }
    throw error;
  }
}

function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error) || !('code' in error)) return false;
  // A closed database (during shutdown) is unavailable too: the provider retries elsewhere.
  if (error.code === 'ERR_INVALID_STATE') return true;
  const errcode = 'errcode' in error ? Number(error.errcode) : Number.NaN;
  return error.code === 'ERR_SQLITE_ERROR' && UNAVAILABLE_CODES.has(errcode & 0xff);
}
