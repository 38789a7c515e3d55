import type { ClosedHandoff } from '../core/conversation/handoff';
import type { ChannelId } from '../core/messages';
import type { ConversationRecord } from '../core/record';

export type StoreKind = 'memory' | 'sqlite' | 'redis' | 'durable-object';

/**
 * That something happened to a conversation, with no content and no conversation key: the key
 * is a pseudonym, but whoever holds the secret and a number could still link it to a person,
 * and after an erasure nothing may. `handoff` is the id of an escalation that was open, so the
 * hotline console can show that one as erased (an id the console already knew, random).
 */
export interface AuditEntry {
  id: string;
  at: number;
  action: 'conversation.erased';
  channel: ChannelId;
  handoff?: string;
}

/**
 * Everything the runtime needs from storage, and nothing more, so memory, SQLite, Redis and
 * Durable Objects can all pass one contract suite (test/contracts/store.contract.ts).
 * Errors are `StoreError`: `conflict` means retry the step, `unavailable` means answer 503 so
 * the provider retries; an `uncertain` one may have been carried out all the same (the store
 * went away before answering).
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
   * Mark a claim handled and keep it for `ttlMs` from now. A claim is taken short and confirmed
   * long only once the message is saved: if handling fails and the release fails too (the store
   * is down), the short claim lapses and the provider's retry is still processed.
   */
  confirm(messageId: string, ttlMs: number): Promise<void>;
  /**
   * Whether a claim that `claim` refused was confirmed: true for a message already handled (a
   * redelivery), false while another attempt is still handling it (or died doing so) — then
   * the provider must retry later, not be told the message is done.
   */
  confirmed(messageId: string): Promise<boolean>;
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
  /**
   * Keep a closed escalation under its conversation's key until `expiresAt`
   * (SIRA_TRANSCRIPT_DAYS). Apart from the record, so the transcript can outlive the
   * conversation's state and address without keeping them alive. The same `entry.id` again
   * replaces it.
   */
  archive(key: string, entry: ClosedHandoff, expiresAt: number): Promise<void>;
  /** The live closed escalations kept under a conversation's key, oldest closed first. */
  archived(key: string): Promise<ClosedHandoff[]>;
  /** Keep a content-free audit entry until `expiresAt` (SIRA_AUDIT_DAYS). */
  audit(entry: AuditEntry, expiresAt: number): Promise<void>;
  /** The latest live audit entries, newest first. */
  audits(limit: number): Promise<AuditEntry[]>;
  /**
   * Remove a conversation and everything kept under its key: the record, its places in the
   * indexes and its archived escalations. What erasure (and a console delete) relies on.
   */
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}

/** A store with a due index (memory, SQLite, Redis): the Node runtime sweeps its outboxes. */
export type SweptStore = ConversationStore & Required<Pick<ConversationStore, 'due'>>;
