import type { ConversationContext } from './conversation/context';
import type { ChannelId, DeliveryState, Outbound } from './messages';

/** A reply waiting to be sent, saved in the record before any send is tried. */
export interface OutboxItem {
  /** Our id for the send, stable across retries. */
  id: string;
  /** The provider message id of the inbound message this answers, if any. */
  inReplyTo?: string;
  message: Outbound;
  attempts: number;
  /** When its first try failed (ms): a reply still failing a day later is given up. */
  since?: number;
  /**
   * Not before this time (ms): new items are due at once, or held while a webhook response
   * carries them (TwiML); retries back off.
   */
  dueAt: number;
  /** The STOP confirmation: the one message that still goes to a person who opted out. */
  control?: boolean;
  /**
   * Goes by SMS instead of the conversation's channel: a hotline reply to a WhatsApp number
   * after the 24-hour window has closed, where the operator allows it (SIRA_SMS_FALLBACK_FROM).
   */
  sms?: true;
}

/**
 * What became of one of our replies once it left the outbox: sent with the provider's id, then
 * delivered and read as status callbacks say, or failed with the provider's code. Kept on the
 * record so the hotline can see a reply that never arrived (e.g. the 24-hour window had closed).
 */
export interface Delivery {
  /** The outbox item's id. */
  id: string;
  /** The pseudonym of the provider's message id, never the id (runtime/pseudonym.ts). */
  providerId?: string;
  state: DeliveryState;
  at: number;
  error?: { code: string; title?: string };
}

/**
 * What a store keeps per conversation. `seq` gives compare-and-set saves; `mv` and `rev` say which
 * machine and which content wrote it, so a restore after an upgrade can tell.
 */
export interface ConversationRecord {
  /** Pseudonymous key: the raw address never appears here. */
  key: string;
  channel: ChannelId;
  /**
   * Where replies go, sealed by the runtime (runtime/address-cipher.ts) before the core sees it:
   * opaque here, copied from `InboundMessage.from`; expires with the record.
   */
  address: string;
  /** Our address the person last wrote to (see `InboundMessage.to`): replies leave from it. */
  via?: string;
  seq: number;
  mv: number;
  rev: string;
  state: string;
  ctx: ConversationContext;
  outbox: OutboxItem[];
  /** The latest deliveries, oldest first (see core/delivery.ts); absent on older records. */
  deliveries?: Delivery[];
  /**
   * Digests of the last inbound message ids handled here: a redelivery is recognised from the
   * record itself even when its claim did not survive (the store failed before confirming it).
   */
  seen?: string[];
  /** When the person last wrote: WhatsApp allows free-form replies for 24 hours after it. */
  lastInboundAt?: number;
  updatedAt: number;
  expiresAt: number;
}

/** The machine state of a person who sent STOP (conversation/machine.ts). */
export const OPTED_OUT = 'optedOut';

/**
 * The machine state of a person moving through the flows: the only one where "0" asks for the
 * next part of a long SMS (the screen is rendered again from the position, see `nextPart`).
 */
export const IN_FLOW = 'inFlow';

/**
 * The state of what is left of an erased conversation: only the confirmation to send (see
 * `erasedRecord` in step.ts). Deleted once sent; kept at most this long if it cannot be.
 */
export const ERASED = 'erased';
export const ERASED_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Whether a queued item may still be sent: nothing goes to a person who opted out except the
 * confirmation of that opt-out. Every path that sends (outbox, retries, hotline replies) asks.
 */
export const mayReceive = (record: ConversationRecord, item: OutboxItem): boolean =>
  record.state !== OPTED_OUT || item.control === true;

/**
 * When the record next needs the runtime's attention, or null. Replies go out in order, so the
 * first item decides: the ones behind it wait for it even when they are due.
 */
export function wakeAt(record: ConversationRecord): number | null {
  return record.outbox[0]?.dueAt ?? null;
}

/** Since when the conversation waits in the hotline queue, or null: what stores index it by. */
export function handoffSince(record: ConversationRecord): number | null {
  return record.ctx.handoff?.openedAt ?? null;
}
