import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { AuditEntry, StaffAccount, StaffSession, StaffStore } from './staff';
import { STAFF_TABLES } from './staff-schema';

export interface SqliteStaffStoreOptions {
  /** The database file (SIRA_STAFF_DB); it and its folder are created on first use. */
  path: string;
  now?: () => number;
}

const SCHEMA = `${STAFF_TABLES}
  PRAGMA user_version = 1;
`;

/**
 * The staff store on Node without Redis: its own SQLite file, not the conversation store's.
 * That one is opened in EXCLUSIVE mode by the server, and `npm run staff` must be able to add
 * or disable an account while the server runs; here normal locking with WAL lets both
 * processes write, each waiting up to BUSY_TIMEOUT_MS for the other. The audit log is
 * append-only: nothing in sira deletes from it.
 */
const BUSY_TIMEOUT_MS = 5_000;

export function createSqliteStaffStore(options: SqliteStaffStoreOptions): StaffStore {
  const now = options.now ?? Date.now;
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const db = new DatabaseSync(options.path, { timeout: BUSY_TIMEOUT_MS });
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;');
  db.exec(SCHEMA);
  const sql = {
    account: db.prepare('SELECT json FROM accounts WHERE username = ?'),
    accounts: db.prepare('SELECT json FROM accounts ORDER BY username'),
    putAccount: db.prepare(
      'INSERT INTO accounts (username, json) VALUES (?, ?) ON CONFLICT (username) DO UPDATE SET json = excluded.json',
    ),
    session: db.prepare('SELECT json FROM sessions WHERE id = ? AND expires_at > ?'),
    putSession: db.prepare(
      'INSERT INTO sessions (id, json, expires_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json, expires_at = excluded.expires_at',
    ),
    purgeSessions: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
    deleteSession: db.prepare('DELETE FROM sessions WHERE id = ?'),
    // One statement, so two failures at once both count: a new window or one more in it.
    addFailure: db.prepare(`
      INSERT INTO failures (username, count, until) VALUES (:username, 1, :until)
      ON CONFLICT (username) DO UPDATE SET count = failures.count + 1
      RETURNING count`),
    clearFailures: db.prepare('DELETE FROM failures WHERE username = ?'),
    purgeFailures: db.prepare('DELETE FROM failures WHERE until <= ?'),
    audit: db.prepare('INSERT INTO audit (json) VALUES (?)'),
    auditLog: db.prepare('SELECT json FROM audit ORDER BY seq DESC LIMIT ?'),
  };
  const parse = <T>(row: Record<string, unknown> | undefined): T | null =>
    row ? (JSON.parse(String(row.json)) as T) : null;

  return {
    kind: 'sqlite',
    async account(username) {
      return parse<StaffAccount>(sql.account.get(username));
    },
    async accounts() {
      return sql.accounts.all().map((row) => parse<StaffAccount>(row) as StaffAccount);
    },
    async putAccount(account) {
      sql.putAccount.run(account.username, JSON.stringify(account));
    },
    async session(id) {
      return parse<StaffSession>(sql.session.get(id, now()));
    },
    async putSession(session) {
      sql.purgeSessions.run(now());
      sql.putSession.run(session.id, JSON.stringify(session), session.expiresAt);
    },
    async deleteSession(id) {
      sql.deleteSession.run(id);
    },
    async addFailure(username, windowMs) {
      const at = now();
      sql.purgeFailures.run(at);
      // Lapsed windows are purged first: a new window from this failure, or one more in it.
      return Number(sql.addFailure.get({ username, until: at + windowMs })?.count);
    },
    async clearFailures(username) {
      sql.clearFailures.run(username);
    },
    async audit(entry: AuditEntry) {
      sql.audit.run(JSON.stringify(entry));
    },
    async auditLog(limit) {
      return sql.auditLog.all(limit).map((row) => parse<AuditEntry>(row) as AuditEntry);
    },
    async close() {
      if (db.isOpen) db.close();
    },
  };
}
