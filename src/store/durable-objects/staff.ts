import { STAFF_AUDIT_MAX } from '../staff';
import { STAFF_TABLES } from '../staff-schema';
import { SqlObject } from './sql-object';

/**
 * The methods the staff object answers over RPC. Accounts, sessions and audit entries cross as
 * JSON (the store side owns their shape); `now` comes from the caller, as the Node stores take
 * their clock as an option.
 */
export interface StaffRpc {
  account(username: string): Promise<string | null>;
  accounts(): Promise<string[]>;
  putAccount(username: string, json: string): Promise<void>;
  session(id: string, now: number): Promise<string | null>;
  putSession(id: string, json: string, expiresAt: number, now: number): Promise<void>;
  deleteSession(id: string): Promise<void>;
  addFailure(username: string, windowMs: number, now: number): Promise<number>;
  clearFailures(username: string): Promise<void>;
  audit(json: string): Promise<void>;
  auditLog(limit: number): Promise<string[]>;
}

/**
 * The staff console's accounts, sessions, failed-login counters and audit log: one object per
 * deployment (a hotline's staff is a few dozen people; a login or a page view is one small
 * RPC). Each method runs its SQL without awaiting in between, so the object's single thread
 * makes it atomic: two failed logins at once both count.
 */
export class StaffObject extends SqlObject implements StaffRpc {
  protected readonly schema = STAFF_TABLES;

  private json(query: string, ...bindings: (string | number)[]): string[] {
    return this.sql<{ json: string }>(query, ...bindings)
      .toArray()
      .map((row) => row.json);
  }

  async account(username: string): Promise<string | null> {
    return this.json('SELECT json FROM accounts WHERE username = ?', username)[0] ?? null;
  }

  async accounts(): Promise<string[]> {
    return this.json('SELECT json FROM accounts ORDER BY username');
  }

  async putAccount(username: string, json: string): Promise<void> {
    this.sql(
      `INSERT INTO accounts (username, json) VALUES (?, ?)
       ON CONFLICT (username) DO UPDATE SET json = excluded.json`,
      username,
      json,
    );
  }

  async session(id: string, now: number): Promise<string | null> {
    return (
      this.json('SELECT json FROM sessions WHERE id = ? AND expires_at > ?', id, now)[0] ?? null
    );
  }

  async putSession(id: string, json: string, expiresAt: number, now: number): Promise<void> {
    this.ctx.storage.transactionSync(() => {
      this.sql('DELETE FROM sessions WHERE expires_at <= ?', now);
      this.sql(
        `INSERT INTO sessions (id, json, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET json = excluded.json, expires_at = excluded.expires_at`,
        id,
        json,
        expiresAt,
      );
    });
  }

  async deleteSession(id: string): Promise<void> {
    this.sql('DELETE FROM sessions WHERE id = ?', id);
  }

  async addFailure(username: string, windowMs: number, now: number): Promise<number> {
    return this.ctx.storage.transactionSync(() => {
      this.sql('DELETE FROM failures WHERE until <= ?', now);
      // A new window from this failure, or one more in the current one (purged if lapsed).
      return this.sql<{ count: number }>(
        `INSERT INTO failures (username, count, until) VALUES (?, 1, ?)
         ON CONFLICT (username) DO UPDATE SET count = failures.count + 1
         RETURNING count`,
        username,
        now + windowMs,
      ).one().count;
    });
  }

  async clearFailures(username: string): Promise<void> {
    this.sql('DELETE FROM failures WHERE username = ?', username);
  }

  async audit(json: string): Promise<void> {
    this.ctx.storage.transactionSync(() => {
      const { seq } = this.sql<{ seq: number }>(
        'INSERT INTO audit (json) VALUES (?) RETURNING seq',
        json,
      ).one();
      this.sql('DELETE FROM audit WHERE seq <= ?', seq - STAFF_AUDIT_MAX);
    });
  }

  async auditLog(limit: number): Promise<string[]> {
    return this.json('SELECT json FROM audit ORDER BY seq DESC LIMIT ?', limit);
  }
}
