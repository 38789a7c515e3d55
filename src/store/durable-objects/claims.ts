import { SqlObject } from './sql-object';

/** The methods a claims shard answers over RPC; ids are claim digests (store/claim-digest.ts). */
export interface ClaimsRpc {
  claim(digest: string, ttlMs: number): Promise<boolean>;
  release(digest: string): Promise<void>;
  confirm(digest: string, ttlMs: number): Promise<void>;
  confirmed(digest: string): Promise<boolean>;
}

const SCHEMA = `CREATE TABLE IF NOT EXISTS claims (digest TEXT PRIMARY KEY, until INTEGER NOT NULL,
           done INTEGER NOT NULL DEFAULT 0);
         CREATE INDEX IF NOT EXISTS claims_until ON claims (until)`;

/** Expired claims deleted per call: the table stays as small as the live claims. */
const PURGE_PER_CALL = 50;

/**
 * Provider message ids already claimed, sharded over a fixed set of objects by digest (see
 * durable-object.ts), because a claim is looked up before the conversation is known to be
 * fresh and must be global. Each shard is a small SQLite table of digest → expiry; calls run
 * one at a time and the SQL API is synchronous, so "insert if absent or expired" is atomic.
 */
export class ClaimsObject extends SqlObject implements ClaimsRpc {
  protected readonly schema = SCHEMA;

  async claim(digest: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    this.sql(
      'DELETE FROM claims WHERE rowid IN (SELECT rowid FROM claims WHERE until <= ? LIMIT ?)',
      now,
      PURGE_PER_CALL,
    );
    const held = this.sql<{ until: number }>(
      'SELECT until FROM claims WHERE digest = ? AND until > ?',
      digest,
      now,
    ).toArray();
    if (held.length) return false;
    this.sql(
      'INSERT OR REPLACE INTO claims (digest, until, done) VALUES (?, ?, 0)',
      digest,
      now + ttlMs,
    );
    return true;
  }

  async release(digest: string): Promise<void> {
    this.sql('DELETE FROM claims WHERE digest = ?', digest);
  }

  async confirm(digest: string, ttlMs: number): Promise<void> {
    this.sql('UPDATE claims SET until = ?, done = 1 WHERE digest = ?', Date.now() + ttlMs, digest);
  }

  async confirmed(digest: string): Promise<boolean> {
    const rows = this.sql<{ done: number }>(
      'SELECT done FROM claims WHERE digest = ? AND until > ?',
      digest,
      Date.now(),
    ).toArray();
    return rows[0]?.done === 1;
  }
}
