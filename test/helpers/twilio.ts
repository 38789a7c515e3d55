import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';

/** A made-up auth token: tests sign with it exactly as Twilio signs with the real one. */
export const AUTH_TOKEN = 'test-auth-token-0123456789abcdef';
export const ACCOUNT_SID = `AC${'0'.repeat(30)}a1`;

/** A raw form body from test/fixtures/twilio, byte for byte as Twilio posts it. */
export const fixture = (name: string): string =>
  readFileSync(join(import.meta.dirname, '../fixtures/twilio', `${name}.txt`), 'utf8');

/** The same form with some parameters replaced (a new MessageSid, another Body…). */
export function withParams(body: string, changes: Record<string, string>): string {
  const params = new URLSearchParams(body);
  for (const [name, value] of Object.entries(changes)) params.set(name, value);
  return params.toString();
}

/** Twilio's signature of a form post, from twilio's own reference implementation. */
function sign(url: string, body: string, token = AUTH_TOKEN): string {
  return getExpectedTwilioSignature(token, url, Object.fromEntries(new URLSearchParams(body)));
}

/** A request as Twilio sends it: form-encoded, signed over `signedUrl` (default: its own URL). */
export function twilioRequest(
  url: string,
  body: string,
  options: { signedUrl?: string; signature?: string | null; token?: string } = {},
): Request {
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
  };
  const signature =
    options.signature === undefined
      ? sign(options.signedUrl ?? url, body, options.token)
      : options.signature;
  if (signature !== null) headers['x-twilio-signature'] = signature;
  return new Request(url, { method: 'POST', headers, body });
}

const ENTITIES: Record<string, string> = {
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&apos;': "'",
  '&amp;': '&',
};

/** The texts of a TwiML response's <Message> elements, as the person reads them. */
export function twimlMessages(twiml: string): string[] {
  return [...twiml.matchAll(/<Message[^>]*>([\s\S]*?)<\/Message>/g)].map((m) =>
    (m[1] ?? '').replace(/&(lt|gt|quot|apos|amp);/g, (e) => ENTITIES[e] ?? e),
  );
}
