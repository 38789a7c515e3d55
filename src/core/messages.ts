/**
 * Channel-neutral vocabulary shared by the core, the channels and the stores.
 * Channels turn provider payloads into `Inbound` values and `Outbound` values into provider
 * requests; the core never sees a provider shape.
 */

/** Where a conversation lives. Twilio's WhatsApp senders render like SMS (numbered text). */
export type ChannelId = 'whatsapp' | 'sms' | 'twilio-whatsapp';

/** How replies are drawn: numbered text (SMS, Twilio WhatsApp) or native interactive messages. */
export type Surface = 'text' | 'interactive';

export const surfaceOf = (channel: ChannelId): Surface =>
  channel === 'whatsapp' ? 'interactive' : 'text';

export type MediaKind =
  | 'image'
  | 'audio'
  | 'voice'
  | 'video'
  | 'document'
  | 'sticker'
  | 'contacts'
  | 'reaction';

/** What a person sent, once a channel has parsed it. */
export type InboundContent =
  | { type: 'text'; text: string }
  /** A tapped reply button or list row: `id` is the option id we sent. */
  | { type: 'choice'; id: string; title?: string }
  | { type: 'location'; latitude: number; longitude: number; name?: string }
  /** `id`: the provider's media id, kept for the hotline worker (WhatsApp keeps media 7 days). */
  | { type: 'media'; media: MediaKind; caption?: string; id?: string }
  /** A well-formed message of a type we do not handle (system messages, unknown types). */
  | { type: 'unsupported'; what: string };

export interface InboundMessage {
  channel: ChannelId;
  /** The provider's message id, used to drop redeliveries. */
  messageId: string;
  /** The raw channel address (phone number or WhatsApp id); only the runtime pseudonymises it. */
  from: string;
  /**
   * Our own address the person wrote to, when a channel has several and replies must leave from
   * the same one (Twilio: the `To` number, or `whatsapp:+…` sender).
   */
  to?: string;
  /** Provider timestamp in ms since the epoch. */
  at: number;
  content: InboundContent;
}

export type DeliveryState = 'queued' | 'sent' | 'delivered' | 'read' | 'failed';

export interface DeliveryStatus {
  channel: ChannelId;
  /** The provider's id of one of our outgoing messages. */
  providerMessageId: string;
  state: DeliveryState;
  at: number;
  error?: { code: string; title?: string };
  /** The address the message went to, which finds its conversation (keyed like `from`). */
  recipient?: string;
  /** Our outbox id, when the provider echoes it back (WhatsApp `biz_opaque_callback_data`). */
  reference?: string;
}

/** One selectable option of a menu as the renderers see it. */
export interface OptionView {
  id: string;
  title: string;
}

/**
 * A reply after localisation and before channel rendering: the body text and, for menus, the
 * options. Renderers in core/render turn it into `Outbound` values within each channel's limits.
 */
export interface ReplyView {
  text: string;
  /**
   * A short note sent with the reply ("I did not understand"), kept apart from `text` so a long
   * SMS answer splits into the same parts whether or not a note came with it.
   */
  notice?: string;
  options?: readonly OptionView[];
  /** Which page of a long option list to show where a channel caps the number of options. */
  page?: number;
  /** Which part of a long text to show where a channel pages text (SMS, see render/sms-pages). */
  part?: number;
}

/** A message ready for a channel to send, already within that channel's limits. */
export type Outbound =
  | { kind: 'text'; text: string }
  | { kind: 'buttons'; text: string; buttons: readonly OptionView[] }
  | { kind: 'list'; text: string; button: string; rows: OptionView[] }
  | {
      kind: 'location';
      latitude: number;
      longitude: number;
      name: string;
      address: string;
    }
  /**
   * An approved WhatsApp template, without parameters: the only message Meta delivers once the
   * 24-hour window has closed. The hotline sends one that invites the person to write again.
   */
  | { kind: 'template'; name: string; language: string };
