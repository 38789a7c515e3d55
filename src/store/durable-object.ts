import type { ClosedHandoff } from '../core/conversation/handoff';
import { StoreError } from '../core/errors';
import { type ConversationRecord, handoffSince, wakeAt } from '../core/record';
import { claimDigest } from './claim-digest';
import type { ClaimsRpc } from './durable-objects/claims';
import {
  type ConversationEnv,
  type ConversationRpc,
  queueOf,
} from './durable-objects/conversation';
import { createLocalLock } from './local-lock';
import type { AuditEntry, ConversationStore } from './store';

/** The Durable Object bindings of wrangler.toml. */
export interface DurableObjectBindings extends ConversationEnv {
  CONVERSATIONS: DurableObjectNamespace<ConversationRpc>;
  CLAIMS: DurableObjectNamespace<ClaimsRpc>;
}

/**
 * The conversation lock's lease and wait, as in the Redis store: a dead holder frees it within
 * LOCK_TTL_MS; a live one renews it every third of that; a waiter gives up after LOCK_WAIT_MS
 * as `unavailable` (503, the provider retries).
 */
const LOCK_TTL_MS = 10_000;
const LOCK_WAIT_MS = 10_000;
/**
 * Claims are spread over this many objects by the first character of their digest (base64url:
 * 64 values), so no single object takes every webhook of a deployment.
 */
const CLAIM_SHARDS = 64;

/**
 * The store on Cloudflare Workers, over three Durable Object classes (durable-objects/):
 * one object per conversation (record, lock, alarm), claims sharded by digest, and one hotline
 * queue. This side is what the runtime calls; every call is an RPC to an object.
 *
 * `due` is absent: each conversation's alarm delivers its own outbox, so there is nothing to
 * sweep. A failed RPC (the object is overloaded, reset or unreachable) is `unavailable`.
 */
export function createDurableObjectStore(env: DurableObjectBindings): ConversationStore {
  const conversation = (key: string) => env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(key));
  const shard = (digest: string) => {
    const n = BASE64URL.indexOf(digest[0] ?? 'A') % CLAIM_SHARDS;
    return env.CLAIMS.get(env.CLAIMS.idFromName(`claims-${n}`));
  };
  const localLock = createLocalLock();
  const load = async (key: string) => {
    const json = await callObject('load', () => conversation(key).load());
    return json === null ? null : (JSON.parse(json) as ConversationRecord);
  };

  return {
    kind: 'durable-object',
    load,
    async save(record, expectedSeq) {
      const found = await callObject('save', () =>
        conversation(record.key).save({
          key: record.key,
          json: JSON.stringify(record),
          seq: record.seq,
          expectedSeq,
          expiresAt: record.expiresAt,
          wakeAt: wakeAt(record),
          handoffSince: handoffSince(record),
        }),
      );
      if (found !== -1)
        throw new StoreError('conflict', `expected seq ${expectedSeq}, found ${found}`);
    },
    claim(messageId, ttlMs) {
      const digest = claimDigest(messageId);
      return callObject('claim', () => shard(digest).claim(digest, ttlMs));
    },
    release(messageId) {
      const digest = claimDigest(messageId);
      return callObject('release', () => shard(digest).release(digest));
    },
    confirm(messageId, ttlMs) {
      const digest = claimDigest(messageId);
      return callObject('confirm', () => shard(digest).confirm(digest, ttlMs));
    },
    confirmed(messageId) {
      const digest = claimDigest(messageId);
      return callObject('confirmed', () => shard(digest).confirmed(digest));
    },
    withLock(key, fn) {
      // This isolate's own callers queue locally first, in order; one at a time asks the object.
      return localLock(key, async () => {
        const object = conversation(key);
        const token = await callObject('lock', () => object.acquire(LOCK_TTL_MS, LOCK_WAIT_MS));
        if (token === null)
          throw new StoreError('unavailable', 'lock: the conversation stayed busy');
        const renew = setInterval(() => {
          object.renew(token, LOCK_TTL_MS).catch(() => {});
        }, LOCK_TTL_MS / 3);
        try {
          return await fn();
        } finally {
          clearInterval(renew);
          // If the object cannot be reached the lease runs out by itself.
          await object.release(token).catch(() => {});
        }
      });
    },
    async handoffs(limit) {
      const listed = await callObject('handoffs', () => queueOf(env).list(limit));
      const records = await Promise.all(listed.map((entry) => load(entry.key)));
      // An entry past the expiry it was placed with is checked against its conversation: still
      // open, it is placed again with the record's own expiry (its later saves did not reach
      // the queue: a version before each save told it, or a telling that failed); gone or
      // closed, it leaves. Healing only: a failure here leaves it for the next look.
      await Promise.all(
        listed.flatMap(({ key, lapsed }, i) => {
          if (!lapsed) return [];
          const record = records[i];
          const since = record ? handoffSince(record) : null;
          return [
            queueOf(env)
              .place(key, since, record?.expiresAt ?? 0)
              .catch(() => {}),
          ];
        }),
      );
      // The queue may still list a conversation whose escalation just closed (see conversation.ts).
      return records.flatMap((r) => (r && handoffSince(r) !== null ? [r] : []));
    },
    async archive(key, entry, expiresAt) {
      await callObject('archive', () =>
        conversation(key).archive(entry.id, JSON.stringify(entry), entry.closedAt, expiresAt),
      );
    },
    async archived(key) {
      const json = await callObject('archived', () => conversation(key).archived());
      return json.map((j) => JSON.parse(j) as ClosedHandoff);
    },
    async audit(entry, expiresAt) {
      await callObject('audit', () =>
        queueOf(env).audit(entry.id, JSON.stringify(entry), entry.at, expiresAt),
      );
    },
    async audits(limit) {
      const json = await callObject('audits', () => queueOf(env).audits(limit));
      return json.map((j) => JSON.parse(j) as AuditEntry);
    },
    async delete(key) {
      await callObject('delete', () => conversation(key).remove());
    },
    async close() {},
  };
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Run one RPC, turning any failure into `unavailable` (objects return codes, never throw). The
 * failure may have come after the object did the work (a connection lost on the way back), so
 * it is `uncertain` (see StoreError.uncertain).
 */
export async function callObject<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof StoreError) throw error;
    throw new StoreError('unavailable', `durable object ${what} failed`, {
      cause: error,
      uncertain: true,
    });
  }
}
