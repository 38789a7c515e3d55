import type { ConversationContext } from './conversation/context';
import type { ChannelId, Outbound } from './messages';

/** A reply waiting to be sent, saved in the record before any send is tried. */
export interface OutboxItem {
  /** Our id for the send, stable across retries. */
  id: string;
  /** The provider message id of the inbound message this answers, if any. */
  inReplyTo?: string;
  message: Outbound;
  attempts: number;
  /** Not before this time (ms): new items are due at once; retries back off. */
  dueAt: number;
}

/**
 * What a store keeps per conversation. `seq` gives compare-and-set saves; `mv` and `rev` say which
 * machine and which content wrote it, so a restore after an upgrade can tell.
 */
export interface ConversationRecord {
  /** Pseudonymous key: the raw address never appears here. */
  key: string;
  channel: ChannelId;
  /** The raw address, kept only because a reply must reach it; expires with the record. */
  address: string;
  seq: number;
  mv: number;
  rev: string;
  state: string;
  ctx: ConversationContext;
  outbox: OutboxItem[];
  updatedAt: number;
  expiresAt: number;
}

/**
 * When the record next needs the runtime's attention, or null. Replies go out in order, so the
 * first item decides: the ones behind it wait for it even when they are due.
 */
export function wakeAt(record: ConversationRecord): number | null {
  return record.outbox[0]?.dueAt ?? null;
}
