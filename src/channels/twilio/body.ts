import type { Outbound } from '../../core/messages';

/**
 * The text Twilio sends for a rendered message. Twilio Messaging has only text (buttons and
 * lists are Content API templates we do not use), so the renderer already gives SMS and Twilio
 * WhatsApp numbered text; the other kinds are spelled out here in case one reaches this
 * channel (a hotline worker sharing a location, say). Templates are WhatsApp Cloud API
 * messages: the sender refuses them before asking for a body.
 */
export function bodyOf(message: Exclude<Outbound, { kind: 'template' }>): string {
  switch (message.kind) {
    case 'text':
      return message.text;
    case 'buttons':
      return numbered(message.text, message.buttons);
    case 'list':
      return numbered(message.text, message.rows);
    case 'location':
      return `${message.name}\n${message.address}`;
  }
}

function numbered(text: string, options: readonly { title: string }[]): string {
  return [text, ...options.map((o, i) => `${i + 1}. ${o.title}`)].join('\n');
}
