import MessagingResponse from 'twilio/lib/twiml/MessagingResponse';
import { derived } from '../../core/cache';
import type { Outbound } from '../../core/messages';
import { bodyOf } from './body';

export const TWIML_CONTENT_TYPE = 'text/xml; charset=utf-8';

/**
 * Answers already built, by callback and bodies. An answer carries the bot's replies to the
 * message (content texts; a worker's replies go by REST), so most answers at a busy hour are the
 * same few screens, and building one with twilio's XML builder was 3% of an SMS's CPU in the
 * bench profile.
 */
const answers = derived<string>(1_000);

/**
 * A TwiML answer to an inbound message: one `<Message>` per reply (none gives `<Response/>`,
 * the "nothing to say" answer). Replying in TwiML costs no extra API call.
 * `statusCallback` asks Twilio to report each reply's delivery to our status route.
 * @see https://www.twilio.com/docs/messaging/twiml/message
 */
export function twiml(messages: readonly Outbound[], statusCallback?: string): string {
  // Templates come only from a worker's action, sent by REST, never inside a TwiML answer.
  const bodies = messages.flatMap((m) => (m.kind === 'template' ? [] : [bodyOf(m)]));
  return answers(JSON.stringify([statusCallback, bodies]), () => {
    const response = new MessagingResponse();
    for (const body of bodies) {
      response.message(statusCallback ? { action: statusCallback } : {}, body);
    }
    return response.toString();
  });
}
