import { DurableObject } from 'cloudflare:workers';

/** The methods the hotline queue object answers over RPC. */
export interface QueueRpc {
  /** Put a conversation in the queue since `since`, or take it out (null). */
  place(key: string, since: number | null, expiresAt: number): Promise<void>;
  /** Keys waiting, longest first, leaving out expired entries. */
  list(limit: number): Promise<string[]>;
}

/**
 * The hotline queue of a deployment: one object, told by each conversation's object when its
 * escalation opens or closes (conversation.ts). It holds keys only; the console reads the
 * records from the conversations themselves. Small by nature (open escalations), so one
 * object is enough; it is touched on escalations, never on ordinary messages.
 */
export class QueueObject extends DurableObject implements QueueRpc {
  private ready = false;

  private sql<T>(query: string, ...bindings: (string | number)[]) {
    if (!this.ready) {
      this.ctx.storage.sql.exec(
        `CREATE TABLE IF NOT EXISTS queue (key TEXT PRIMARY KEY, since INTEGER NOT NULL,
          expires_at INTEGER NOT NULL)`,
      );
      this.ready = true;
    }
    return this.ctx.storage.sql.exec<T>(query, ...bindings);
  }

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

  async list(limit: number): Promise<string[]> {
    this.sql('DELETE FROM queue WHERE expires_at <= ?', Date.now());
    return this.sql<{ key: string }>('SELECT key FROM queue ORDER BY since LIMIT ?', limit)
      .toArray()
      .map((row) => row.key);
  }
}
