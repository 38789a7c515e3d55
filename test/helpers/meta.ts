import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES_DIR = join(import.meta.dirname, '../fixtures/whatsapp');

/** A fixture's raw bytes as Meta sends them (ASCII, `\u00e9` and `\/` escapes included). */
export const fixture = (name: string): string =>
  readFileSync(join(FIXTURES_DIR, `${name}.json`), 'utf8');

export const fixtureNames = (): string[] =>
  readdirSync(FIXTURES_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();

/** `X-Hub-Signature-256` exactly as Meta computes it: HMAC-SHA256 of the raw body, lowercase hex. */
export async function signMeta(body: string | Uint8Array, appSecret: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(appSecret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, bytes as BufferSource));
  return `sha256=${Buffer.from(mac).toString('hex')}`;
}

/**
 * A webhook POST as Meta sends it: JSON, signed with `appSecret`, or carrying the given
 * signature header instead (`null`: none at all).
 */
export async function metaRequest(
  url: string,
  body: string,
  appSecret: string,
  signature?: string | null,
): Promise<Request> {
  const header = signature === undefined ? await signMeta(body, appSecret) : signature;
  return new Request(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(header === null ? {} : { 'x-hub-signature-256': header }),
    },
    body,
  });
}
