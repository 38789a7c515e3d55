import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import { type SignatureVerifier, signatureHex } from '../channels/whatsapp/signature';

/**
 * The same check as channels/whatsapp/signature.ts, computed with node:crypto: on Node each
 * Web Crypto call is a job on the thread pool, and that hop was 5% of a WhatsApp webhook's CPU
 * in the bench profile for a microsecond of hashing. `timingSafeEqual` compares in constant
 * time. A test holds the two to the same answers.
 */
export function createNodeSignatureVerifier(appSecret: string): SignatureVerifier {
  // A KeyObject made once: given the string, node:crypto would import the key on every call.
  const key = createSecretKey(Buffer.from(appSecret, 'utf8'));
  return (body, header) => {
    const hex = signatureHex(header);
    if (!hex) return false;
    return timingSafeEqual(
      createHmac('sha256', key).update(body).digest(),
      Buffer.from(hex, 'hex'),
    );
  };
}
