import type { Sender } from '../channels/channel';
import type { Outbound } from '../core/messages';

/**
 * A sender with no provider behind it: it hands each message to a callback. The terminal chat,
 * the console simulator and the golden transcripts use it in place of WhatsApp or Twilio.
 */
export function createLocalSender(onMessage: (to: string, message: Outbound) => void): Sender {
  let n = 0;
  return {
    async send(to, message) {
      onMessage(to, message);
      n += 1;
      return { ok: true, providerId: `local-${n}` };
    },
  };
}
