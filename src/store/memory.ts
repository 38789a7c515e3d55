import type { ClosedHandoff } from '../core/conversation/handoff';
import { StoreError } from '../core/errors';
import { type ConversationRecord, handoffSince, wakeAt } from '../core/record';
import { claimDigest } from './claim-digest';
import { createLocalLock } from './local-lock';
import type { AuditEntry, SweptStore } from './store';

export interface MemoryStoreOptions {
  /** Keep at most this many conversations; the least recently saved go first. */
  maxRecords?: number;
  /** Keep at most this many message-id claims. */
  maxClaims?: number;
  /** Keep at most this many audit entries. */
  maxAudits?: number;
  now?: () => number;
}

/**
 * The in-memory store, for tests and the terminal chat: everything is lost on exit. Records are
 * kept serialised, as the other stores keep them, so no caller can change a stored record by
 * accident and the memory used is what a real store would hold. Bounded in size, with expiry.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const maxRecords = options.maxRecords ?? 100_000;
  const maxClaims = options.maxClaims ?? 200_000;
  const maxAudits = options.maxAudits ?? 10_000;
  const now = options.now ?? Date.now;
  const records = new Map<string, { json: string; seq: number; expiresAt: number }>();
  /** Claimed message ids, by digest as the other stores keep them (a WhatsApp id encodes the number). */
  const claims = new Map<string, { until: number; done: boolean }>();
  const archives = new Map<string, Map<string, Expiring>>();
  const audits: Expiring[] = [];
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
      const id = claimDigest(messageId);
      const held = claims.get(id);
      if (held && held.until > now()) return false;
      claims.delete(id);
      claims.set(id, { until: now() + ttlMs, done: false });
      evict(claims, maxClaims);
      return true;
    },
    async release(messageId) {
      claims.delete(claimDigest(messageId));
    },
    async confirm(messageId, ttlMs) {
      const id = claimDigest(messageId);
      if (claims.has(id)) claims.set(id, { until: now() + ttlMs, done: true });
    },
    async confirmed(messageId) {
      const held = claims.get(claimDigest(messageId));
      return Boolean(held && held.until > now() && held.done);
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
    async archive(key, entry, expiresAt) {
      const kept = archives.get(key) ?? new Map<string, Expiring>();
      kept.set(entry.id, { json: JSON.stringify(entry), expiresAt });
      archives.set(key, kept);
    },
    async archived(key) {
      const kept = archives.get(key);
      if (!kept) return [];
      for (const [id, entry] of kept) if (entry.expiresAt <= now()) kept.delete(id);
      if (!kept.size) archives.delete(key);
      return [...kept.values()]
        .map((e) => JSON.parse(e.json) as ClosedHandoff)
        .sort((a, b) => a.closedAt - b.closedAt);
    },
    async audit(entry, expiresAt) {
      audits.push({ json: JSON.stringify(entry), expiresAt });
      if (audits.length > maxAudits) audits.splice(0, audits.length - maxAudits);
    },
    async audits(limit) {
      const at = now();
      return audits
        .filter((e) => e.expiresAt > at)
        .map((e) => JSON.parse(e.json) as AuditEntry)
        .sort((a, b) => b.at - a.at)
        .slice(0, limit);
    },
    async delete(key) {
      records.delete(key);
      wakes.delete(key);
      queue.delete(key);
      archives.delete(key);
    },
    async close() {},
    dump() {
      return [
        ...[...records].flatMap(([key, r]) => [key, r.json]),
        ...claims.keys(),
        ...[...archives].flatMap(([key, kept]) => [
          key,
          ...[...kept].flatMap(([id, e]) => [id, e.json]),
        ]),
        ...audits.map((e) => e.json),
        ...wakes.keys(),
        ...queue.keys(),
      ];
    },
  };
}

interface Expiring {
  json: string;
  expiresAt: number;
}

export interface MemoryStore extends SweptStore {
  /**
   * Every key and value the store holds, as strings: for tests that scan what a store keeps
   * (no number, no message text; nothing left after an erasure).
   */
  dump(): string[];
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
