import type * as z from 'zod';
import type {
  DeliveryState,
  DeliveryStatus,
  InboundContent,
  InboundMessage,
  MediaKind,
} from '../../core/messages';
import {
  ContactSchema,
  MessageSchema,
  Parts,
  StatusSchema,
  type WebhookBody,
  type WebhookContact,
  type WebhookMessage,
  type WebhookStatus,
} from './webhook-schema';

/** Everything a webhook POST carried, in the channel-neutral vocabulary. */
export interface WhatsAppBatch {
  messages: InboundMessage[];
  statuses: DeliveryStatus[];
  /**
   * Updates we could not use (malformed, no address, an unknown status): counted, never logged
   * in full.
   */
  dropped: number;
}

/**
 * Turn a verified, schema-checked webhook body into neutral events. Meta batches up to 1000
 * updates per POST, so every entry, change, message and status is read, never only the first.
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/create-webhook-endpoint
 */
export function parseWebhook(body: WebhookBody): WhatsAppBatch {
  const batch: WhatsAppBatch = { messages: [], statuses: [], dropped: 0 };
  for (const entry of body.entry) {
    for (const { field, value } of entry.changes) {
      if (field !== 'messages') continue;
      const contacts = wellFormed(ContactSchema, value.contacts).kept;
      const messages = wellFormed(MessageSchema, value.messages);
      const statuses = wellFormed(StatusSchema, value.statuses);
      batch.dropped += messages.dropped + statuses.dropped;
      for (const message of messages.kept) {
        const from = addressOf(message, contacts);
        if (!from) batch.dropped += 1;
        else batch.messages.push(toInbound(message, from));
      }
      for (const status of statuses.kept) {
        const parsed = toStatus(status);
        if (!parsed) batch.dropped += 1;
        else batch.statuses.push(parsed);
      }
    }
  }
  return batch;
}

/** The items of a list that pass a schema, and how many did not. */
function wellFormed<T>(schema: z.ZodType<T>, items: readonly unknown[] = []) {
  const kept: T[] = [];
  for (const item of items) {
    const parsed = schema.safeParse(item);
    if (parsed.success) kept.push(parsed.data);
  }
  return { kept, dropped: items.length - kept.length };
}

/**
 * Conversations are keyed on the business-scoped user id when Meta sends one, else on the
 * WhatsApp id: `from` is an empty string for a person with a username we have not messaged.
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/business-scoped-user-ids
 */
function addressOf(message: WebhookMessage, contacts: readonly WebhookContact[]) {
  const contact = contacts.find((c) => c.wa_id && c.wa_id === message.from);
  return nonEmpty(message.from_user_id) ?? nonEmpty(contact?.user_id) ?? nonEmpty(message.from);
}

const nonEmpty = (value: string | undefined) => (value ? value : undefined);

function toInbound(message: WebhookMessage, from: string): InboundMessage {
  return {
    channel: 'whatsapp',
    messageId: message.id,
    from,
    at: message.timestamp * 1000,
    content: contentOf(message),
  };
}

/** Media the bot cannot read, by Cloud API type; voice notes are `audio` with `voice: true`. */
const MEDIA: Record<string, MediaKind> = {
  image: 'image',
  video: 'video',
  document: 'document',
  sticker: 'sticker',
  contacts: 'contacts',
  reaction: 'reaction',
};

/**
 * The neutral content of one message. A type-specific object that does not have the shape Meta
 * documents is `unsupported` rather than an error: the person still gets a friendly reply.
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages
 */
function contentOf(message: WebhookMessage): InboundContent {
  const part = (name: string) => (message as Record<string, unknown>)[name];
  const unsupported = (what: string): InboundContent => ({ type: 'unsupported', what });
  switch (message.type) {
    case 'text': {
      const text = Parts.text.safeParse(part('text'));
      return text.success ? { type: 'text', text: text.data.body } : unsupported('text');
    }
    case 'interactive': {
      const reply = Parts.interactive.safeParse(part('interactive'));
      if (!reply.success) return unsupported('interactive');
      const chosen =
        reply.data.type === 'button_reply' ? reply.data.button_reply : reply.data.list_reply;
      return { type: 'choice', id: chosen.id, title: chosen.title };
    }
    case 'button': {
      // A quick-reply button of a template: its payload is the id we gave the button.
      const button = Parts.button.safeParse(part('button'));
      if (!button.success) return unsupported('button');
      const { payload, text } = button.data;
      return payload ? { type: 'choice', id: payload, title: text } : { type: 'text', text };
    }
    case 'location': {
      const location = Parts.location.safeParse(part('location'));
      return location.success ? { type: 'location', ...location.data } : unsupported('location');
    }
    case 'audio': {
      const audio = Parts.audio.safeParse(part('audio'));
      const media = audio.success && audio.data.voice ? 'voice' : 'audio';
      const id = audio.success ? audio.data.id : undefined;
      return id ? { type: 'media', media, id } : { type: 'media', media };
    }
    case 'unsupported': {
      const inner = Parts.unsupported.safeParse(part('unsupported'));
      return unsupported(inner.success && inner.data.type ? inner.data.type : 'unsupported');
    }
    default: {
      const media = MEDIA[message.type];
      if (!media) return unsupported(message.type);
      const captioned = Parts.captioned.safeParse(part(message.type));
      const { caption, id } = captioned.success ? captioned.data : {};
      return { type: 'media', media, ...(caption ? { caption } : {}), ...(id ? { id } : {}) };
    }
  }
}

/** `played` is the first play of a voice message we sent: as good as read. */
const STATES: Record<string, DeliveryState> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  played: 'read',
  failed: 'failed',
};

/**
 * A status of one of our messages. Statuses come in any order (`delivered` may be skipped or
 * come after `read`); the runtime keeps the most advanced. `failed` carries Meta's error code,
 * e.g. 131047 when the 24-hour window had closed.
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/status
 */
function toStatus(status: WebhookStatus): DeliveryStatus | undefined {
  const state = STATES[status.status];
  const recipient = nonEmpty(status.recipient_user_id) ?? nonEmpty(status.recipient_id);
  if (!state || !recipient) return undefined;
  const error = status.errors?.[0];
  return {
    channel: 'whatsapp',
    providerMessageId: status.id,
    state,
    at: status.timestamp * 1000,
    recipient,
    reference: status.biz_opaque_callback_data,
    ...(state === 'failed' && error
      ? { error: { code: String(error.code), title: error.title } }
      : {}),
  };
}
