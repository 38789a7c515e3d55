import type { QueueRpc } from './queue';
import { SqlObject } from './sql-object';

/** What the Worker stores for a conversation: the record's JSON and the fields indexed from it. */
export interface SaveRequest {
  key: string;
  json: string;
  seq: number;
  expectedSeq: number;
  expiresAt: number;
  /** When the outbox next needs sending (record.wakeAt), or null. */
  wakeAt: number | null;
  /** When the open escalation was opened (record.handoffSince), or null. */
  handoffSince: number | null;
}

/** The methods a conversation's Durable Object answers over RPC. */
export interface ConversationRpc {
  load(): Promise<string | null>;
  /** -1 when saved, else the seq found (a conflict). */
  save(request: SaveRequest): Promise<number>;
  /** A token once the conversation is ours, null if it stayed busy for `waitMs`. */
  acquire(ttlMs: number, waitMs: number): Promise<string | null>;
  renew(token: string, ttlMs: number): Promise<boolean>;
  release(token: string): Promise<void>;
  /** Keep a closed escalation (JSON) until `expiresAt`, beyond the record's own expiry. */
  archive(id: string, json: string, closedAt: number, expiresAt: number): Promise<void>;
  /** The live closed escalations, oldest closed first, as JSON. */
  archived(): Promise<string[]>;
  remove(): Promise<void>;
}

export interface ConversationEnv {
  HOTLINE_QUEUE: DurableObjectNamespace<QueueRpc>;
}

/** The one hotline queue object of a deployment. */
export const queueOf = (env: ConversationEnv): QueueRpc =>
  env.HOTLINE_QUEUE.get(env.HOTLINE_QUEUE.idFromName('hotline'));

/**
 * The alarm never fires sooner than this from now, except for expiry. A reply due at once is
 * sent by the request that saved it (after its response, in `waitUntil`); the alarm is the
 * retry when that request died or the send failed, and it cannot spin on a reply that stays
 * due (a channel switched off). It is also how soon the hotline queue is told again of a change
 * it missed. An alarm that throws is retried by the runtime as well, with backoff.
 */
const WAKE_GRACE_MS = 5_000;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS record (id INTEGER PRIMARY KEY CHECK (id = 1), key TEXT NOT NULL,
    json TEXT NOT NULL, seq INTEGER NOT NULL, expires_at INTEGER NOT NULL, wake_at INTEGER,
    handoff_since INTEGER, queued INTEGER);
  CREATE TABLE IF NOT EXISTS archive (id TEXT PRIMARY KEY, json TEXT NOT NULL,
    closed_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
`;

interface Row {
  key: string;
  json: string;
  seq: number;
  expires_at: number;
  wake_at: number | null;
  handoff_since: number | null;
  /**
   * What the hotline queue was last told (`handoff_since`), -1 when never, STALE when told of
   * an escalation still open but not of the record's latest expiry.
   */
  queued: number | null;
}

/** `queued` of an open escalation the queue knows with an older expiry, which it would keep. */
const STALE = -2;

/**
 * One conversation, in its own Durable Object (named by the conversation's pseudonymous key).
 * Its SQLite storage holds the record; every call runs one at a time in this object, so a
 * compare-and-set is a plain read and write with no other call in between (the SQL API is
 * synchronous: nothing can interleave).
 *
 * - **Lock.** `acquire` / `release` give the Worker the conversation for one step, as the Redis
 *   store's lock does, with a lease that ends by itself if the Worker holding it dies. Waiters
 *   queue here (no polling). The lease lives in memory: if the object is evicted while held,
 *   the lease is lost and the compare-and-set on save still refuses a stale write.
 * - **Timers.** One alarm: at the next due send (`wake`, implemented by the Worker entry as the
 *   outbox delivery), at the record's expiry (the storage is deleted), or soon when the
 *   hotline queue still has to be told of a change. No global due index: nothing to sweep.
 * - **Hotline queue.** Told after the record is durable whenever the escalation opens or
 *   closes, and of each save while it is open (its expiry moves on); until told, the alarm
 *   keeps trying (`queued` differs from `handoff_since` until then). The queue may briefly
 *   list a conversation that left it (the reader checks the record), never miss one for
 *   longer than a retry.
 */
export class ConversationObject<Env extends ConversationEnv = ConversationEnv>
  extends SqlObject<Env>
  implements ConversationRpc
{
  private holder: { token: string; until: number } | null = null;
  private waiters: (() => void)[] = [];

  /** Send the conversation's due replies. The Worker entry supplies the delivery. */
  protected async wake(_key: string): Promise<void> {}

  protected readonly schema = SCHEMA;

  private row(): Row | null {
    return this.sql<Row>('SELECT * FROM record WHERE id = 1').toArray()[0] ?? null;
  }

  /** The record unless it has expired (its alarm may not have fired yet). */
  private live(): Row | null {
    const row = this.row();
    return row && row.expires_at > Date.now() ? row : null;
  }

  async load(): Promise<string | null> {
    return this.live()?.json ?? null;
  }

  async save(request: SaveRequest): Promise<number> {
    const row = this.row();
    const found = row && row.expires_at > Date.now() ? row.seq : 0;
    if (found !== request.expectedSeq) return found;
    // An open escalation the queue knows is told again: each save moves the expiry on, and the
    // queue forgets an entry at the expiry it was given.
    const told = row?.queued ?? -1;
    const queued = request.handoffSince !== null && told !== -1 ? STALE : told;
    this.sql(
      `INSERT OR REPLACE INTO record (id, key, json, seq, expires_at, wake_at, handoff_since, queued)
       VALUES (1, ?, ?, ?, ?, ?, ?, ?)`,
      request.key,
      request.json,
      request.seq,
      request.expiresAt,
      request.wakeAt,
      request.handoffSince,
      queued,
    );
    await this.tellQueue().catch(() => {});
    await this.schedule();
    return -1;
  }

  async acquire(ttlMs: number, waitMs: number): Promise<string | null> {
    const deadline = Date.now() + waitMs;
    while (this.holder && this.holder.until > Date.now()) {
      const left = Math.min(deadline, this.holder.until) - Date.now();
      if (left <= 0) return null;
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, left);
      });
    }
    const token = crypto.randomUUID();
    this.holder = { token, until: Date.now() + ttlMs };
    return token;
  }

  async renew(token: string, ttlMs: number): Promise<boolean> {
    if (this.holder?.token !== token) return false;
    this.holder.until = Date.now() + ttlMs;
    return true;
  }

  async release(token: string): Promise<void> {
    if (this.holder?.token !== token) return;
    this.holder = null;
    // Every waiter looks again; the first to run takes the lease, the rest wait on.
    for (const wakeUp of this.waiters.splice(0)) wakeUp();
  }

  async archive(id: string, json: string, closedAt: number, expiresAt: number): Promise<void> {
    this.sql(
      'INSERT OR REPLACE INTO archive (id, json, closed_at, expires_at) VALUES (?, ?, ?, ?)',
      id,
      json,
      closedAt,
      expiresAt,
    );
    await this.schedule();
  }

  async archived(): Promise<string[]> {
    return this.sql<{ json: string }>(
      'SELECT json FROM archive WHERE expires_at > ? ORDER BY closed_at',
      Date.now(),
    )
      .toArray()
      .map((r) => r.json);
  }

  /** Everything under this conversation's key goes: record, queue place, closed escalations. */
  async remove(): Promise<void> {
    const row = this.row();
    if (row) await this.leaveQueue(row);
    await this.wipe();
  }

  async alarm(): Promise<void> {
    const now = Date.now();
    this.sql('DELETE FROM archive WHERE expires_at <= ?', now);
    const kept = this.sql<{ n: number }>('SELECT count(*) AS n FROM archive').one().n;
    const row = this.row();
    if (!row || row.expires_at <= now) {
      // The record has expired; closed escalations may be kept longer (SIRA_TRANSCRIPT_DAYS).
      if (!kept) {
        await this.remove();
        return;
      }
      if (row) await this.forgetRecord(row);
      await this.schedule();
      return;
    }
    // Neither a queue that cannot be told nor a failed delivery may cost this conversation its
    // next alarm: without one, its replies would never be retried nor its record expire (the
    // runtime gives up retrying a failing alarm after a few tries).
    await this.tellQueue().catch(() => {});
    try {
      if (row.wake_at !== null && row.wake_at <= Date.now()) await this.wake(row.key);
    } finally {
      await this.schedule();
    }
  }

  /** Drop an expired record, keeping the closed escalations that outlive it. */
  private async forgetRecord(row: Row): Promise<void> {
    await this.leaveQueue(row);
    this.sql('DELETE FROM record WHERE id = 1');
  }

  /** Take the conversation out of the hotline queue, if the queue was ever told of it. */
  private async leaveQueue(row: Row): Promise<void> {
    if (row.queued !== null && row.queued !== -1) await queueOf(this.env).place(row.key, null, 0);
  }

  /** Tell the hotline queue of an escalation that opened, closed or moved its expiry since. */
  private async tellQueue(): Promise<void> {
    const row = this.row();
    if (!row || row.queued === row.handoff_since) return;
    if (row.queued === -1 && row.handoff_since === null) {
      this.sql('UPDATE record SET queued = NULL WHERE id = 1');
      return;
    }
    await queueOf(this.env).place(row.key, row.handoff_since, row.expires_at);
    // Only if nothing changed meanwhile: a newer save is told by its own call.
    this.sql(
      `UPDATE record SET queued = handoff_since
       WHERE id = 1 AND handoff_since IS ? AND expires_at = ?`,
      row.handoff_since,
      row.expires_at,
    );
  }

  /** Set the one alarm to the earliest thing this conversation waits for. */
  private async schedule(): Promise<void> {
    const row = this.row();
    const times: number[] = [];
    const archive = this.sql<{ at: number | null }>(
      'SELECT min(expires_at) AS at FROM archive',
    ).one().at;
    if (archive !== null) times.push(archive);
    if (row) {
      const soonest = Date.now() + WAKE_GRACE_MS;
      times.push(row.expires_at);
      if (row.wake_at !== null) times.push(Math.max(row.wake_at, soonest));
      if (row.queued !== row.handoff_since) times.push(soonest);
    }
    if (!times.length) return;
    const at = Math.min(...times);
    if ((await this.ctx.storage.getAlarm()) !== at) await this.ctx.storage.setAlarm(at);
  }
}
