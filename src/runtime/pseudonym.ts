/**
 * Conversation keys are a keyed HMAC of the channel address, so a store never holds a phone
 * number as a key and keys cannot be reversed without the secret. Web Crypto: runs on Workers.
 */
export type Pseudonymise = (address: string) => Promise<string>;

export function createPseudonymiser(secret: string): Pseudonymise {
  const encoder = new TextEncoder();
  const key = crypto.subtle.importKey(
    'raw',
    encoder.encode(`sira:pseudonym:${secret}`),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return async (address) => {
    const mac = await crypto.subtle.sign('HMAC', await key, encoder.encode(address));
    // 128 bits of the MAC, base64url: short keys, collisions out of reach.
    const bytes = new Uint8Array(mac, 0, 16);
    return btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
  };
}

/**
 * What a record keeps of a provider's message id: its pseudonym. A WhatsApp id spells out the
 * phone number in base64 (see store/claim-digest.ts), so in clear it would give away what the
 * record's sealed address hides. Statuses find their reply by the same pseudonym.
 */
export const providerRef = (pseudonymise: Pseudonymise, providerId: string): Promise<string> =>
  pseudonymise(`provider:${providerId}`);
