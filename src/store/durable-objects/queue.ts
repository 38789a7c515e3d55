import { SqlObject } from './sql-object';

/** The methods the hotline queue object answers over RPC. */
export interface QueueRpc {
  /** Put a conversation in the queue since `since`, or take it out (null). */
  place(key: string, since: number | null, expiresAt: number): Promise<void>;
  /**
   * Keys waiting, longest first, each with whether it is past the expiry it was placed with:
   * the reader checks those with their conversation (see durable-object.ts `handoffs`).
   */
  list(limit: number): Promise<QueueEntry[]>;
  /** Keep a content-free audit entry (JSON) until `expiresAt`. */
  audit(id: string, json: string, at: number, expiresAt: number): Promise<void>;
  /** The latest live audit entries, newest first, as JSON. */
  audits(limit: number): Promise<string[]>;
}

export interface QueueEntry {
  key: string;
  lapsed: boolean;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS queue (key TEXT PRIMARY KEY, since INTEGER NOT NULL,
    expires_at INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS audit (id TEXT PRIMARY KEY, json TEXT NOT NULL,
    at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
`;

/**
 * The hotline queue of a deployment: one object, told by each conversation's object when its
 * escalation opens or closes, and of each message while it is open (conversation.ts). It holds
 * keys only; the console reads the records from the conversations themselves. It also keeps
 * the content-free audit entries (an erasure happened, when), which belong to no conversation.
 * Small by nature (open escalations), so one object is enough; it is touched by escalated
 * conversations only, never by the bot's ordinary ones.
 */
export class QueueObject extends SqlObject implements QueueRpc {
  protected readonly schema = SCHEMA;

  async place(key: string, since: number | null, expiresAt: number): Promise<void> {
    if (since === null) this.sql('DELETE FROM queue WHERE key = ?', key);
    else
      this.sql(
        'INSERT OR REPLACE INTO queue (key, since, expires_at) VALUES (?, ?, ?)',
        key,
        since,
        expiresAt,
      );
  }

  async audit(id: string, json: string, at: number, expiresAt: number): Promise<void> {
    this.sql(
      'INSERT OR REPLACE INTO audit (id, json, at, expires_at) VALUES (?, ?, ?, ?)',
      id,
      json,
      at,
      expiresAt,
    );
  }

  async audits(limit: number): Promise<string[]> {
    this.sql('DELETE FROM audit WHERE expires_at <= ?', Date.now());
    return this.sql<{ json: string }>('SELECT json FROM audit ORDER BY at DESC LIMIT ?', limit)
      .toArray()
      .map((row) => row.json);
  }

  async list(limit: number): Promise<QueueEntry[]> {
    return this.sql<{ key: string; lapsed: number }>(
      'SELECT key, expires_at <= ? AS lapsed FROM queue ORDER BY since LIMIT ?',
      Date.now(),
      limit,
    )
      .toArray()
      .map((row) => ({ key: row.key, lapsed: row.lapsed === 1 }));
  }
}
