/**
 * The raw channel address (a phone number, a WhatsApp id) is the one piece of identity a record
 * must keep, because replies go to it. It is kept sealed: AES-256-GCM under a key derived from
 * SIRA_SECRET with HKDF, a random 96-bit IV per sealing, and the conversation's pseudonymous key
 * as additional data, so a sealed address copied into another record does not open. Web Crypto
 * only: the same code runs on Node and Workers.
 *
 * Format: `v1:<iv>:<ciphertext+tag>`, both base64url. The version names the key derivation and
 * the cipher, so a later scheme can be read beside this one.
 */
export interface AddressCipher {
  /** Seal `address` for the conversation `key`. */
  seal(key: string, address: string): Promise<string>;
  /** Open what `seal` produced for the same `key`; throws `AddressError` otherwise. */
  open(key: string, sealed: string): Promise<string>;
}

export class AddressError extends Error {
  override name = 'AddressError';
}

const VERSION = 'v1';
const IV_BYTES = 12;

export function createAddressCipher(secret: string): AddressCipher {
  const encoder = new TextEncoder();
  const key = deriveKey(encoder.encode(secret));
  return {
    async seal(conversation, address) {
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const sealed = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: encoder.encode(conversation) },
        await key,
        encoder.encode(address),
      );
      return `${VERSION}:${base64url(iv)}:${base64url(new Uint8Array(sealed))}`;
    },
    async open(conversation, sealed) {
      const [version, iv, data, ...rest] = sealed.split(':');
      if (version !== VERSION || !iv || !data || rest.length) {
        throw new AddressError('not a sealed address');
      }
      try {
        const plain = await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: fromBase64url(iv), additionalData: encoder.encode(conversation) },
          await key,
          fromBase64url(data),
        );
        return new TextDecoder().decode(plain);
      } catch (cause) {
        // Another secret, another conversation, tampering or bad base64: nothing to open.
        throw new AddressError('sealed address does not open', { cause });
      }
    },
  };
}

/**
 * HKDF-SHA-256 with a fixed salt and a purpose label, so this key differs from the pseudonym
 * key and from anything else derived from the same secret.
 */
async function deriveKey(secret: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', secret, 'HKDF', false, ['deriveKey']);
  const encoder = new TextEncoder();
  return crypto.subtle.deriveKey(
    {
      name: 'HKDF',
      hash: 'SHA-256',
      salt: encoder.encode('sira'),
      info: encoder.encode('sira:address:v1'),
    },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
