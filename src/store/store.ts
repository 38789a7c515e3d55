import type { ConversationRecord } from '../core/record';

export type StoreKind = 'memory' | 'sqlite' | 'redis' | 'durable-object';

/**
 * Everything the runtime needs from storage, and nothing more, so memory, SQLite, Redis and
 * Durable Objects can all pass one contract suite (test/contracts/store.contract.ts).
 * Errors are `StoreError`: `conflict` means retry the step, `unavailable` means answer 503 so
 * the provider retries.
 */
export interface ConversationStore {
  readonly kind: StoreKind;
  load(key: string): Promise<ConversationRecord | null>;
  /**
   * Save only if the stored record's `seq` is still `expectedSeq` (0 for a new conversation);
   * otherwise throw a `conflict`. The record's outbox is saved with it, atomically.
   */
  save(record: ConversationRecord, expectedSeq: number): Promise<void>;
  /** True the first time a provider message id is claimed within `ttlMs`; false for a redelivery. */
  claim(messageId: string, ttlMs: number): Promise<boolean>;
  /** Undo a claim when handling failed, so the provider's retry is processed, not dropped. */
  release(messageId: string): Promise<void>;
  /**
   * Keep an existing claim for `ttlMs` from now. A claim is taken short and confirmed long only
   * once the message is saved: if handling fails and the release fails too (the store is
   * down), the short claim lapses and the provider's retry is still processed.
   */
  confirm(messageId: string, ttlMs: number): Promise<void>;
  /** Run `fn` while no other holder works on the same conversation. */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /**
   * Keys of conversations with sends due at or before `now`, oldest first: what the outbox
   * sweep works through. Absent where every conversation wakes itself (the Durable Object
   * store: an alarm per conversation), since then nothing is left for a sweep to find.
   */
  due?(now: number, limit: number): Promise<string[]>;
  /** Conversations with an open escalation (the hotline queue), longest waiting first. */
  handoffs(limit: number): Promise<ConversationRecord[]>;
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}

/** A store with a due index (memory, SQLite, Redis): the Node runtime sweeps its outboxes. */
export type SweptStore = ConversationStore & Required<Pick<ConversationStore, 'due'>>;
