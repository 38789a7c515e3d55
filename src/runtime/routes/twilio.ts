import { type Context, Hono } from 'hono';
import { parseInbound, parseStatus, TwilioPayloadError } from '../../channels/twilio/parse';
import { TWIML_CONTENT_TYPE, twiml } from '../../channels/twilio/twiml';
import { type FormParams, formParams, isSignedByTwilio } from '../../channels/twilio/verify';
import type { RuntimeDeps } from '../deps';
import { receive } from '../inbound';
import { applyStatus } from '../status';
import { limitBody } from './body-limit';

export const TWILIO_WEBHOOK_PATH = '/webhooks/twilio';
export const TWILIO_STATUS_PATH = '/webhooks/twilio/status';

/** Where Twilio reports our messages' delivery: the public URL it can reach, when one is set. */
export const statusCallbackUrl = (publicUrl: string | undefined): string | undefined =>
  publicUrl && `${publicUrl}${TWILIO_STATUS_PATH}`;

export interface TwilioRouteConfig {
  authToken: string;
  /** The public base URL Twilio calls (PUBLIC_URL): what it signed, whatever a proxy passes on. */
  publicUrl?: string;
}

/** Twilio posts a few hundred bytes; anything far larger is not Twilio. */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * Twilio Messaging's two webhooks, for SMS and Twilio WhatsApp senders alike:
 * - `POST /webhooks/twilio`: a person's message; the replies go back in the TwiML response
 *   (no extra API call), exactly once with the outbox (see in-band.ts);
 * - `POST /webhooks/twilio/status`: delivery reports of our messages, kept per conversation.
 *
 * A missing or wrong `X-Twilio-Signature` gets **403** and nothing else happens. 403, not 401:
 * the request is understood and refused, and no credentials could make it acceptable (RFC 9110
 * §15.5.2 ties 401 to a `WWW-Authenticate` challenge the client could answer; Twilio has no
 * such scheme). It is also what twilio's own `webhook()` middleware answers to a bad signature,
 * so Twilio's debugger reads the same as for every other Twilio app. Missing and wrong are not
 * told apart, so a caller without the token learns nothing.
 * @see https://www.twilio.com/docs/usage/webhooks/webhooks-security
 */
export function twilioRoutes(deps: RuntimeDeps, config: TwilioRouteConfig): Hono {
  const app = new Hono();
  const statusCallback = statusCallbackUrl(config.publicUrl);
  const limit = limitBody(MAX_BODY_BYTES);

  app.post(TWILIO_WEBHOOK_PATH, limit, async (c) => {
    const form = await signedForm(c, config, deps);
    if (form instanceof Response) return form;
    const message = parseInbound(form, deps.now());
    // The replies come back taken out of the outbox for this response (see in-band.ts): a
    // fresh message's, or a redelivery's if the first response never went out.
    const receipt = await receive(deps, message, { inBand: true });
    deps.log.info('twilio.message', {
      key: receipt.key,
      channel: message.channel,
      kind: receipt.fresh ? 'fresh' : 'redelivery',
      count: receipt.pending.length,
    });
    return twimlResponse(
      c,
      receipt.pending.map((item) => item.message),
      statusCallback,
    );
  });

  app.post(TWILIO_STATUS_PATH, limit, async (c) => {
    const form = await signedForm(c, config, deps);
    if (form instanceof Response) return form;
    const report = parseStatus(form, deps.now());
    // Applied to the conversation's delivery log before answering, so Twilio retries on failure.
    if (report) await applyStatus(deps, { ...report.status, recipient: report.to });
    return twimlResponse(c, []);
  });

  app.onError((error, c) => {
    if (error instanceof TwilioPayloadError) {
      deps.log.warn('twilio.malformed', { code: error.code, url: new URL(c.req.url).pathname });
      return c.json({ error: 'malformed' }, 400);
    }
    throw error;
  });

  return app;
}

/**
 * The form parameters of a request Twilio signed, or the response that refuses it. The
 * signature is checked before anything is looked at, so an unsigned request learns nothing
 * (not even whether its body would parse).
 */
async function signedForm(
  c: Context,
  config: TwilioRouteConfig,
  deps: RuntimeDeps,
): Promise<FormParams | Response> {
  // Bytes decoded here rather than `text()`, which workerd warns about on a form body.
  const params = formParams(new TextDecoder().decode(await c.req.arrayBuffer()));
  const url = signedUrl(c.req.url, config.publicUrl);
  if (!isSignedByTwilio(config.authToken, c.req.header('x-twilio-signature'), url, params)) {
    // Logged: a PUBLIC_URL that is not the URL Twilio calls refuses every message, silently
    // but for this line.
    deps.log.warn('webhook.bad_signature', { channel: 'twilio', url: new URL(c.req.url).pathname });
    return c.json({ error: 'forbidden' }, 403);
  }
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) {
    return c.json({ error: 'unsupported_content_type' }, 400);
  }
  return params;
}

/**
 * The URL Twilio signed: PUBLIC_URL with this request's path and query when set, since behind
 * a proxy or TLS terminator the URL the server sees (`http://internal:8787/…`) is not it.
 */
export function signedUrl(requestUrl: string, publicUrl: string | undefined): string {
  if (!publicUrl) return requestUrl;
  const { pathname, search } = new URL(requestUrl);
  return `${publicUrl}${pathname}${search}`;
}

function twimlResponse(
  c: Context,
  messages: Parameters<typeof twiml>[0],
  statusCallback?: string,
): Response {
  return c.body(twiml(messages, statusCallback), 200, { 'content-type': TWIML_CONTENT_TYPE });
}
