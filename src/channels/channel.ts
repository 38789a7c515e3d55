import type { Outbound } from '../core/messages';

/**
 * Our stable error codes for sending, whatever the provider said. Provider codes map to these
 * in data (channels/<name>/errors.ts), so the runtime branches on meaning, not on HTTP status.
 */
export type ChannelErrorCode =
  | 'rate_limited'
  | 'provider_unavailable'
  | 'outside_window'
  | 'recipient_opted_out'
  | 'invalid_recipient'
  | 'auth_failed'
  | 'rejected';

export interface ChannelError {
  code: ChannelErrorCode;
  /** Transient: try again later from the outbox. Permanent: record it and stop. */
  retryable: boolean;
  /** The provider's own code, for the hotline and the logs (never the message text). */
  providerCode?: string;
  retryAfterMs?: number;
}

export type SendResult = { ok: true; providerId: string } | { ok: false; error: ChannelError };

export interface SendOptions {
  /** Our address to send from, where a channel has several (Twilio: the number written to). */
  from?: string;
  /**
   * Our outbox id for this message. Providers that echo a reference in their status callbacks
   * (WhatsApp's `biz_opaque_callback_data`) get it, so a status can be matched to the reply even
   * if we stopped before recording the provider's id.
   */
  reference?: string;
}

/**
 * How long a send may take before it is abandoned, for every sender: long enough for a slow
 * provider, and what the outbox lease (runtime/deliver.ts) is measured against.
 */
export const SEND_TIMEOUT_MS = 10_000;

/** Sends one rendered message to one address, through an HttpPost (http-post.ts: Workers too). */
export interface Sender {
  send(to: string, message: Outbound, options?: SendOptions): Promise<SendResult>;
  /** Optional: tell the person their message was seen (WhatsApp's blue ticks). Best effort. */
  markRead?(messageId: string): Promise<void>;
}
