import * as z from 'zod';
import type { Outbound } from '../../core/messages';
import { SEND_TIMEOUT_MS, type Sender, type SendOptions, type SendResult } from '../channel';
import { fetchPost, type HttpPost, isSuccess, type PostAnswer } from '../http-post';
import { classifyMetaError, UNREACHABLE } from './errors';
import { toClientMessage } from './outbound';

export interface WhatsAppSenderOptions {
  /** Graph API base with a pinned version, e.g. `https://graph.facebook.com/v24.0`. */
  graphUrl: string;
  phoneNumberId: string;
  accessToken: string;
  /** Give up on one request after this long and retry it later from the outbox. */
  timeoutMs?: number;
  /** The HTTP client; the platform's fetch by default. */
  post?: HttpPost;
}

const Accepted = z.object({ messages: z.array(z.object({ id: z.string().min(1) })).min(1) });
const Failed = z.object({ error: z.object({ code: z.coerce.number().int() }) });

/**
 * Sends through the Cloud API with one HTTP POST per call (see http-post.ts). whatsapp-api-js builds the
 * message objects, but its `sendMessage` is not used: it hard-codes `https://graph.facebook.com`
 * (no configurable base for `WHATSAPP_GRAPH_URL` and the local fake), has no timeout, and
 * throws or returns the error body without telling transient from permanent failures. This
 * layer is one POST, a timeout, and Meta's error codes mapped in errors.ts.
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/send-messages
 */
export function createWhatsAppSender(options: WhatsAppSenderOptions): Sender {
  const url = `${options.graphUrl}/${options.phoneNumberId}/messages`;
  const timeoutMs = options.timeoutMs ?? SEND_TIMEOUT_MS;
  const http = options.post ?? fetchPost;
  const headers = {
    authorization: `Bearer ${options.accessToken}`,
    'content-type': 'application/json',
  };
  const post = (body: unknown) => http(url, { headers, body: JSON.stringify(body), timeoutMs });

  return {
    async send(to: string, message: Outbound, sendOptions?: SendOptions): Promise<SendResult> {
      let request: Record<string, unknown>;
      try {
        request = messageRequest(to, message, sendOptions?.reference);
      } catch {
        return { ok: false, error: { code: 'rejected', retryable: false, providerCode: 'build' } };
      }
      let answer: PostAnswer;
      try {
        answer = await post(request);
      } catch {
        return { ok: false, error: UNREACHABLE };
      }
      const accepted = Accepted.safeParse(answer.json);
      if (isSuccess(answer) && accepted.success) {
        return { ok: true, providerId: accepted.data.messages[0]?.id as string };
      }
      const failed = Failed.safeParse(answer.json);
      return {
        ok: false,
        error: classifyMetaError(
          failed.success ? failed.data.error.code : undefined,
          answer.status,
        ),
      };
    },

    /**
     * Blue ticks on the person's message (and every earlier one).
     * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/mark-message-as-read
     */
    async markRead(messageId: string): Promise<void> {
      const answer = await post({
        messaging_product: 'whatsapp',
        status: 'read',
        message_id: messageId,
      });
      if (!isSuccess(answer)) throw new Error(`mark read failed with HTTP ${answer.status}`);
    },
  };
}

/**
 * The request body for one message. `to` takes a phone number with "+" (without it Meta
 * prepends the business number's country code) or a business-scoped user id as it came.
 * `biz_opaque_callback_data` carries our outbox id and comes back in status webhooks.
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/business-scoped-user-ids
 */
export function messageRequest(
  to: string,
  message: Outbound,
  reference?: string,
): Record<string, unknown> {
  const built = toClientMessage(message);
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: /^\d+$/.test(to) ? `+${to}` : to,
    type: built._type,
    [built._type]: built,
    ...(reference ? { biz_opaque_callback_data: reference } : {}),
  };
}
