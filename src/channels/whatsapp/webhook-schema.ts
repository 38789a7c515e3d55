import * as z from 'zod';

/**
 * The Cloud API webhook envelope, checked at the door, and each update in it, checked one by
 * one when it is read (parse.ts): one malformed message or status is dropped and counted, and
 * never costs the others of its batch their answer (Meta would resend the whole batch, bad one
 * included, for days). Only the fields we use are required; each message's type-specific
 * object is checked again when it is parsed, so a well-formed message of a type we do not know
 * is kept (and answered) rather than rejected.
 * All ids and timestamps are strings; timestamps are Unix seconds.
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages
 */
const unixSeconds = z.coerce.number().int().nonnegative();

export const MessageSchema = z.looseObject({
  id: z.string().min(1),
  /** Digits without "+"; an empty string for a person who adopted a username (2026 BSUIDs). */
  from: z.string().optional(),
  /** Business-scoped user id (2026 usernames), when Meta sends one. */
  from_user_id: z.string().optional(),
  timestamp: unixSeconds,
  type: z.string().min(1),
});
export type WebhookMessage = z.infer<typeof MessageSchema>;

export const ContactSchema = z.looseObject({
  wa_id: z.string().optional(),
  user_id: z.string().optional(),
});
export type WebhookContact = z.infer<typeof ContactSchema>;

export const StatusSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string().min(1),
  timestamp: unixSeconds,
  recipient_id: z.string().optional(),
  recipient_user_id: z.string().optional(),
  biz_opaque_callback_data: z.string().optional(),
  errors: z
    .array(z.looseObject({ code: z.coerce.number().int(), title: z.string().optional() }))
    .optional(),
});
export type WebhookStatus = z.infer<typeof StatusSchema>;

const ValueSchema = z.looseObject({
  contacts: z.array(z.unknown()).optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
});

export const WebhookSchema = z.looseObject({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(
    z.looseObject({
      changes: z.array(z.looseObject({ field: z.string(), value: ValueSchema })),
    }),
  ),
});
export type WebhookBody = z.infer<typeof WebhookSchema>;

/** The type-specific parts of inbound messages, parsed one by one (see parse.ts). */
export const Parts = {
  text: z.object({ body: z.string() }),
  interactive: z.discriminatedUnion('type', [
    z.object({
      type: z.literal('button_reply'),
      button_reply: z.object({ id: z.string(), title: z.string().optional() }),
    }),
    z.object({
      type: z.literal('list_reply'),
      list_reply: z.object({ id: z.string(), title: z.string().optional() }),
    }),
  ]),
  button: z.object({ payload: z.string().optional(), text: z.string() }),
  location: z.object({
    latitude: z.coerce.number().min(-90).max(90),
    longitude: z.coerce.number().min(-180).max(180),
    name: z.string().optional(),
  }),
  captioned: z.object({ caption: z.string().optional(), id: z.string().optional() }),
  audio: z.object({ voice: z.boolean().optional(), id: z.string().optional() }),
  unsupported: z.object({ type: z.string().optional() }),
} as const;
