import { StoreError } from '../core/errors';
import { type ConversationRecord, handoffSince, wakeAt } from '../core/record';
import { createLocalLock } from './local-lock';
import type { SweptStore } from './store';

export interface MemoryStoreOptions {
  /** Keep at most this many conversations; the least recently saved go first. */
  maxRecords?: number;
  /** Keep at most this many message-id claims. */
  maxClaims?: number;
  now?: () => number;
}

/**
 * The in-memory store, for tests and the terminal chat: everything is lost on exit. Records are
 * kept serialised, as the other stores keep them, so no caller can change a stored record by
 * accident and the memory used is what a real store would hold. Bounded in size, with expiry.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): SweptStore {
  const maxRecords = options.maxRecords ?? 100_000;
  const maxClaims = options.maxClaims ?? 200_000;
  const now = options.now ?? Date.now;
  const records = new Map<string, { json: string; seq: number; expiresAt: number }>();
  const claims = new Map<string, number>();
  const wakes = new Map<string, number>();
  const queue = new Map<string, number>();
  const withLock = createLocalLock();

  const live = (key: string) => {
    const entry = records.get(key);
    if (entry && entry.expiresAt <= now()) {
      records.delete(key);
      wakes.delete(key);
      return undefined;
    }
    return entry;
  };

  return {
    kind: 'memory',
    async load(key) {
      const entry = live(key);
      return entry ? (JSON.parse(entry.json) as ConversationRecord) : null;
    },
    async save(record, expectedSeq) {
      const current = live(record.key)?.seq ?? 0;
      if (current !== expectedSeq) {
        throw new StoreError('conflict', `expected seq ${expectedSeq}, found ${current}`);
      }
      // Re-inserting moves the key to the end: Map order is then least recently saved first.
      records.delete(record.key);
      records.set(record.key, {
        json: JSON.stringify(record),
        seq: record.seq,
        expiresAt: record.expiresAt,
      });
      index(wakes, record.key, wakeAt(record));
      index(queue, record.key, handoffSince(record));
      evict(records, maxRecords, (key) => {
        wakes.delete(key);
        queue.delete(key);
      });
    },
    async claim(messageId, ttlMs) {
      const until = claims.get(messageId);
      if (until !== undefined && until > now()) return false;
      claims.delete(messageId);
      claims.set(messageId, now() + ttlMs);
      evict(claims, maxClaims);
      return true;
    },
    async release(messageId) {
      claims.delete(messageId);
    },
    async confirm(messageId, ttlMs) {
      if (claims.has(messageId)) claims.set(messageId, now() + ttlMs);
    },
    withLock,
    async due(at, limit) {
      return [...wakes]
        .filter(([key, wake]) => wake <= at && live(key))
        .sort((a, b) => a[1] - b[1])
        .slice(0, limit)
        .map(([key]) => key);
    },
    async handoffs(limit) {
      const keys = [...queue].sort((a, b) => a[1] - b[1]).map(([key]) => key);
      const out: ConversationRecord[] = [];
      for (const key of keys) {
        const entry = live(key);
        if (entry) out.push(JSON.parse(entry.json) as ConversationRecord);
        else queue.delete(key);
        if (out.length >= limit) break;
      }
      return out;
    },
    async delete(key) {
      records.delete(key);
      wakes.delete(key);
      queue.delete(key);
    },
    async close() {},
  };
}

/** Set or clear a key's place in an index (the due sends, the hotline queue). */
function index(map: Map<string, number>, key: string, at: number | null): void {
  if (at === null) map.delete(key);
  else map.set(key, at);
}

/** Drop the oldest entries beyond `max` (Map iteration order is insertion order). */
function evict<K, V>(map: Map<K, V>, max: number, onEvict?: (key: K) => void): void {
  for (const key of map.keys()) {
    if (map.size <= max) return;
    map.delete(key);
    onEvict?.(key);
  }
}
