import { type Context, Hono } from 'hono';
import { parseWebhook } from '../../channels/whatsapp/parse';
import { createSignatureVerifier, type SignatureVerifier } from '../../channels/whatsapp/signature';
import { type WebhookBody, WebhookSchema } from '../../channels/whatsapp/webhook-schema';
import type { InboundMessage } from '../../core/messages';
import { tryDeliver } from '../deliver';
import type { RuntimeDeps } from '../deps';
import { receive } from '../inbound';
import { errorKind } from '../log';
import { applyStatus } from '../status';
import { limitBody } from './body-limit';

/** Where the WhatsApp webhook lives, for both Meta's handshake and its deliveries. */
export const WHATSAPP_WEBHOOK_PATH = '/webhooks/whatsapp';

/**
 * Runs work after a request's response: on Node it just starts it; on Workers the entry passes
 * `(work, c) => c.executionCtx.waitUntil(work())` to keep it alive. A function, not a promise,
 * so that the caller decides when (and whether) it starts.
 */
export type Defer = (work: () => Promise<void>, c: Context) => void;

export interface WhatsAppRouteOptions {
  verifyToken: string;
  appSecret: string;
  /** Checks Meta's signature; Web Crypto under `appSecret` unless the runtime has a faster way. */
  verify?: SignatureVerifier;
  defer: Defer;
}

/** Meta sends at most 3 MB; anything larger is not from Meta. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * `/webhooks/whatsapp`: Meta's verification handshake (GET) and the Cloud API webhook (POST).
 *
 * POST, in order: the signature over the raw bytes (401, nothing else happens); the body
 * (400 when it is not JSON or not a Cloud API envelope); every status is applied and every
 * message received (claimed, stepped, saved with its replies) — a store failure answers 503 so
 * Meta retries; then 200, and only then are the replies sent, in the background.
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/create-webhook-endpoint
 */
export function whatsappRoutes(deps: RuntimeDeps, options: WhatsAppRouteOptions): Hono {
  const verify = options.verify ?? createSignatureVerifier(options.appSecret);
  const app = new Hono();

  // The verify token only completes a subscription that Meta's dashboard starts, so a plain
  // comparison is enough here; the POST signature is where constant time matters.
  app.get('/', (c) => {
    const challenge = c.req.query('hub.challenge');
    const subscribes = c.req.query('hub.mode') === 'subscribe';
    if (!subscribes || c.req.query('hub.verify_token') !== options.verifyToken || !challenge) {
      deps.log.warn('webhook.verify_refused', { channel: 'whatsapp' });
      return c.text('forbidden', 403);
    }
    return c.text(challenge);
  });

  app.post('/', limitBody(MAX_BODY_BYTES), async (c) => {
    const raw = new Uint8Array(await c.req.arrayBuffer());
    if (!(await verify(raw, c.req.header('x-hub-signature-256')))) {
      deps.log.warn('webhook.bad_signature', { channel: 'whatsapp' });
      return c.json({ error: 'invalid_signature' }, 401);
    }
    const body = parseBody(raw);
    if (!body) {
      deps.log.warn('webhook.malformed', { channel: 'whatsapp' });
      return c.json({ error: 'malformed_body' }, 400);
    }
    const batch = parseWebhook(body);
    if (batch.dropped)
      deps.log.warn('webhook.dropped', { channel: 'whatsapp', count: batch.dropped });
    await settled(batch.statuses.map((status) => applyStatus(deps, status)));
    const received = await receiveInOrder(deps, batch.messages);
    options.defer(() => afterAck(deps, received), c);
    return c.json({ ok: true });
  });

  return app;
}

function parseBody(raw: Uint8Array): WebhookBody | undefined {
  try {
    const parsed = WebhookSchema.safeParse(JSON.parse(new TextDecoder().decode(raw)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

interface Received {
  key: string;
  fresh: boolean;
  messageId: string;
}

/**
 * Receive every message of the batch: one person's messages one after another, in the order
 * they were written; different people at once.
 */
async function receiveInOrder(
  deps: RuntimeDeps,
  messages: readonly InboundMessage[],
): Promise<Received[]> {
  const byPerson = new Map<string, InboundMessage[]>();
  for (const m of messages) byPerson.set(m.from, [...(byPerson.get(m.from) ?? []), m]);
  const perPerson = await settled(
    [...byPerson.values()].map(async (theirs) => {
      const out: Received[] = [];
      for (const message of theirs.toSorted((a, b) => a.at - b.at)) {
        const { key, fresh } = await receive(deps, message);
        out.push({ key, fresh, messageId: message.messageId });
      }
      return out;
    }),
  );
  return perPerson.flat();
}

/**
 * After the 200: blue ticks on each person's latest new message, and the replies sent (a
 * redelivery sends what is still pending for it). Failures here lose nothing: the replies are
 * in the outbox and the sweep tries again.
 */
async function afterAck(deps: RuntimeDeps, received: readonly Received[]): Promise<void> {
  const sender = deps.senders.whatsapp;
  const latestFresh = new Map(received.filter((r) => r.fresh).map((r) => [r.key, r.messageId]));
  const keys = new Set(received.map((r) => r.key));
  const unread = (key: string) => (error: unknown) =>
    deps.log.warn('whatsapp.mark_read_failed', {
      key,
      kind: errorKind(error),
    });
  await Promise.all([
    ...[...latestFresh].map(([key, id]) => sender?.markRead?.(id).catch(unread(key))),
    ...[...keys].map((key) => tryDeliver(deps, key)),
  ]);
}

/** Wait for every promise, then throw the first failure: nothing is left running unobserved. */
async function settled<T>(promises: readonly Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(promises);
  const failure = results.find((r) => r.status === 'rejected');
  if (failure) throw failure.reason;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}
