/**
 * Meta signs every webhook POST with HMAC-SHA256 of the raw body bytes, keyed with the App
 * Secret, and sends `X-Hub-Signature-256: sha256=<64 lowercase hex>`. The check runs over the
 * bytes exactly as received: re-serialised JSON does not match, because Meta's body escapes
 * non-ASCII as `\u00e9` and `/` as `\/`.
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/create-webhook-endpoint
 */
const PREFIX = 'sha256=';
const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/** Whether `header` is the signature of `body`; a runtime may compute it its own way. */
export type SignatureVerifier = (
  body: Uint8Array<ArrayBuffer>,
  header: string | null | undefined,
) => boolean | Promise<boolean>;

/** The hex digest of a well-formed `X-Hub-Signature-256` header; undefined otherwise. */
export function signatureHex(header: string | null | undefined): string | undefined {
  if (!header?.startsWith(PREFIX)) return undefined;
  const hex = header.slice(PREFIX.length);
  return HEX_SHA256.test(hex) ? hex : undefined;
}

/**
 * An app-secret verifier with the HMAC key imported once. `crypto.subtle.verify` compares in
 * constant time, so the time taken says nothing about how much of a forged signature was right.
 */
export function createSignatureVerifier(appSecret: string): SignatureVerifier {
  const key = crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(appSecret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  return async (body, header) => {
    const hex = signatureHex(header);
    if (!hex) return false;
    return crypto.subtle.verify('HMAC', await key, hexToBytes(hex), body);
  };
}

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++)
    bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}
