import type { Outbound } from '../core/messages';

/**
 * Draw a message in a terminal as the person's phone would show it: plain text for SMS, and for
 * WhatsApp a bubble with its reply buttons or list rows numbered so they can be "tapped".
 */
export function draw(message: Outbound): string {
  switch (message.kind) {
    case 'text':
      return message.text;
    case 'buttons':
      return `${message.text}\n${message.buttons.map((b, i) => `[${i + 1}: ${b.title}]`).join(' ')}`;
    case 'list':
      return [
        message.text,
        `≡ ${message.button}`,
        ...message.rows.map((r, i) => `  ${i + 1}) ${r.title}`),
      ].join('\n');
    case 'location':
      return `📍 ${message.name}, ${message.address} (${message.latitude}, ${message.longitude})`;
    case 'template':
      return `[template ${message.name} (${message.language})]`;
  }
}

/** The option ids a person can tap on a message, in the order drawn. */
export function tappable(message: Outbound): string[] {
  if (message.kind === 'buttons') return message.buttons.map((b) => b.id);
  if (message.kind === 'list') return message.rows.map((r) => r.id);
  return [];
}
