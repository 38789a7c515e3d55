import * as z from 'zod';
import type {
  ChannelId,
  DeliveryState,
  DeliveryStatus,
  InboundContent,
  InboundMessage,
  MediaKind,
} from '../../core/messages';
import type { FormParams } from './verify';

/** Twilio's ids: two letters and 32 hex digits (SM…, MM… for messages, AC… for accounts). */
const sid = (prefix: string) => z.string().regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`));
/** A phone number, or a WhatsApp sender as `whatsapp:+E164`. */
const address = z.string().trim().min(3).max(64);
const optional = z.string().optional();

/**
 * The inbound message webhook's form, as far as we use it. Twilio adds parameters without
 * notice, so unknown ones pass; each known one that is repeated (an array) fails.
 * @see https://www.twilio.com/docs/messaging/guides/webhook-request
 */
const InboundSchema = z.looseObject({
  MessageSid: sid('[A-Z]{2}'),
  AccountSid: sid('AC'),
  From: address,
  To: address,
  Body: z.string().max(4096).default(''),
  NumMedia: z.coerce.number().int().min(0).max(10).default(0),
  MediaContentType0: optional,
  /** Twilio WhatsApp: a shared location. */
  Latitude: z.coerce.number().min(-90).max(90).optional(),
  Longitude: z.coerce.number().min(-180).max(180).optional(),
  Label: optional,
  /** Twilio WhatsApp: a tapped quick-reply button (its id) and its title. */
  ButtonPayload: optional,
  ButtonText: optional,
});

/**
 * Twilio's status callback for one of our messages.
 * @see https://www.twilio.com/docs/messaging/guides/outbound-message-status-in-status-callbacks
 */
const StatusSchema = z.looseObject({
  MessageSid: sid('[A-Z]{2}'),
  AccountSid: sid('AC'),
  MessageStatus: z.string().min(1),
  To: address,
  ErrorCode: optional,
});

export class TwilioPayloadError extends Error {
  override name = 'TwilioPayloadError';
  readonly code = 'malformed';
}

const WHATSAPP_PREFIX = 'whatsapp:';

/** Twilio's WhatsApp senders render like SMS (numbered text) but are not charged per segment. */
const channelOf = (address: string): ChannelId =>
  address.startsWith(WHATSAPP_PREFIX) ? 'twilio-whatsapp' : 'sms';

/**
 * An inbound webhook's form as a neutral message. `from` keeps Twilio's address as is
 * (`whatsapp:` prefix included) because that is what a reply's `To` must be; `to` is our
 * number, which a reply must come `From`. Twilio gives no send time: `receivedAt` stands in.
 */
export function parseInbound(params: FormParams, receivedAt: number): InboundMessage {
  const parsed = InboundSchema.safeParse(params);
  if (!parsed.success) throw new TwilioPayloadError('not a Twilio message webhook');
  const form = parsed.data;
  return {
    channel: channelOf(form.From),
    messageId: form.MessageSid,
    from: form.From,
    to: form.To,
    at: receivedAt,
    content: contentOf(form),
  };
}

function contentOf(form: z.infer<typeof InboundSchema>): InboundContent {
  if (form.ButtonPayload) {
    return { type: 'choice', id: form.ButtonPayload, title: form.ButtonText };
  }
  if (form.Latitude !== undefined && form.Longitude !== undefined) {
    return {
      type: 'location',
      latitude: form.Latitude,
      longitude: form.Longitude,
      name: form.Label,
    };
  }
  if (form.NumMedia > 0) {
    const media = mediaKind(form.MediaContentType0 ?? '');
    return form.Body ? { type: 'media', media, caption: form.Body } : { type: 'media', media };
  }
  if (form.Body.trim()) return { type: 'text', text: form.Body };
  return { type: 'unsupported', what: 'empty' };
}

/** MMS and WhatsApp media by MIME type (`image/jpeg`, `audio/ogg`, `text/vcard`…). */
function mediaKind(contentType: string): MediaKind {
  const [type] = contentType.toLowerCase().split('/');
  if (type === 'image' || type === 'audio' || type === 'video') return type;
  if (contentType.toLowerCase().includes('vcard')) return 'contacts';
  return 'document';
}

/**
 * Twilio's message statuses as ours; null for statuses of messages we received, not sent.
 * `partially_delivered` (some segments) counts as sent, `undelivered` and `canceled` as failed.
 */
const STATES: ReadonlyMap<string, DeliveryState | null> = new Map([
  ['accepted', 'queued'],
  ['scheduled', 'queued'],
  ['queued', 'queued'],
  ['sending', 'queued'],
  ['sent', 'sent'],
  ['partially_delivered', 'sent'],
  ['delivered', 'delivered'],
  ['read', 'read'],
  ['failed', 'failed'],
  ['undelivered', 'failed'],
  ['canceled', 'failed'],
  ['receiving', null],
  ['received', null],
]);

/**
 * A status callback's form as a neutral status with the person's address (`to`), or null when
 * it is about a message we received. An unknown status is malformed: it could hide a failure.
 */
export function parseStatus(
  params: FormParams,
  receivedAt: number,
): { status: DeliveryStatus; to: string } | null {
  const parsed = StatusSchema.safeParse(params);
  if (!parsed.success) throw new TwilioPayloadError('not a Twilio status callback');
  const form = parsed.data;
  const state = STATES.get(form.MessageStatus);
  if (state === undefined) throw new TwilioPayloadError('unknown message status');
  if (state === null) return null;
  const status: DeliveryStatus = {
    channel: channelOf(form.To),
    providerMessageId: form.MessageSid,
    state,
    at: receivedAt,
  };
  if (form.ErrorCode && form.ErrorCode !== '0') status.error = { code: form.ErrorCode };
  return { status, to: form.To };
}
