/**
 * The tables of the staff store, for every SQLite that holds one: the Node file
 * (staff-sqlite.ts) and the staff Durable Object (durable-objects/staff.ts).
 */
export const STAFF_TABLES = `
  CREATE TABLE IF NOT EXISTS accounts (username TEXT PRIMARY KEY, json TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, json TEXT NOT NULL,
    expires_at INTEGER NOT NULL) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS sessions_expiry ON sessions (expires_at);
  CREATE TABLE IF NOT EXISTS failures (username TEXT PRIMARY KEY, count INTEGER NOT NULL,
    until INTEGER NOT NULL) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, json TEXT NOT NULL);
`;
