import MessagingResponse from 'twilio/lib/twiml/MessagingResponse';
import type { Outbound } from '../../core/messages';
import { bodyOf } from './body';

export const TWIML_CONTENT_TYPE = 'text/xml; charset=utf-8';

/**
 * A TwiML answer to an inbound message: one `<Message>` per reply (none gives `<Response/>`,
 * the "nothing to say" answer). Replying in TwiML costs no extra API call.
 * `statusCallback` asks Twilio to report each reply's delivery to our status route.
 * @see https://www.twilio.com/docs/messaging/twiml/message
 */
export function twiml(messages: readonly Outbound[], statusCallback?: string): string {
  const response = new MessagingResponse();
  for (const message of messages) {
    // Templates come only from a worker's action, sent by REST, never inside a TwiML answer.
    if (message.kind === 'template') continue;
    response.message(statusCallback ? { action: statusCallback } : {}, bodyOf(message));
  }
  return response.toString();
}
