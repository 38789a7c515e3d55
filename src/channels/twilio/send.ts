import * as z from 'zod';
import { SEND_TIMEOUT_MS, type Sender, type SendResult } from '../channel';
import { fetchPost, type HttpPost, isSuccess, type PostAnswer } from '../http-post';
import { bodyOf } from './body';
import { twilioError, UNREACHABLE } from './errors';

export interface TwilioSenderConfig {
  accountSid: string;
  authToken: string;
  /** Twilio's REST base (`https://api.twilio.com`); tests point it at a local fake. */
  apiUrl: string;
  /** Where Twilio should report delivery (our status route), when we have a public URL. */
  statusCallback?: string;
  /** Give up on one call after this long; the outbox tries again later. */
  timeoutMs?: number;
  /** The HTTP client; the platform's fetch by default. */
  post?: HttpPost;
}

const CreatedSchema = z.object({ sid: z.string().min(1) });

/**
 * Sends through Twilio's REST Messages endpoint with one HTTP POST (form body, Basic auth), so
 * it runs on Workers where the twilio SDK does not belong. One call per send, no retry loop
 * here: a transient failure returns a retryable error and the outbox backs off (deliver.ts).
 * @see https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource
 */
export function createTwilioSender(config: TwilioSenderConfig): Sender {
  const http = config.post ?? fetchPost;
  const url = `${config.apiUrl}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}/Messages.json`;
  const authorization = `Basic ${btoa(`${config.accountSid}:${config.authToken}`)}`;
  return {
    async send(to, message, options): Promise<SendResult> {
      // Replies leave from the number the person wrote to; without it Twilio cannot route.
      if (!options?.from) return { ok: false, error: { code: 'rejected', retryable: false } };
      // A Cloud API template means nothing here (Twilio's are Content API SIDs): refuse it.
      if (message.kind === 'template') {
        return {
          ok: false,
          error: { code: 'rejected', retryable: false, providerCode: 'template' },
        };
      }
      const form = new URLSearchParams({ To: to, From: options.from, Body: bodyOf(message) });
      if (config.statusCallback) form.set('StatusCallback', config.statusCallback);
      let answer: PostAnswer;
      try {
        answer = await http(url, {
          headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
          body: form.toString(),
          timeoutMs: config.timeoutMs ?? SEND_TIMEOUT_MS,
        });
      } catch {
        return { ok: false, error: UNREACHABLE };
      }
      if (isSuccess(answer)) {
        // Accepted even if the answer is odd: sending again would send twice.
        const created = CreatedSchema.safeParse(answer.json);
        return { ok: true, providerId: created.success ? created.data.sid : 'unknown' };
      }
      return {
        ok: false,
        error: twilioError(answer.status, answer.json, retryAfterMs(answer.retryAfter)),
      };
    },
  };
}

/** `Retry-After` in seconds, as Twilio sends it with 429. */
function retryAfterMs(header: string | null): number | undefined {
  const seconds = Number(header);
  return header && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
