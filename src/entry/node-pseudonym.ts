import { createHmac, createSecretKey } from 'node:crypto';
import type { Pseudonymise } from '../runtime/pseudonym';

/**
 * The same pseudonyms as runtime/pseudonym.ts (HMAC-SHA256 under the same key, 128 bits,
 * base64url), computed with node:crypto. On Node, Web Crypto's HMAC is an asynchronous job on
 * the thread pool: the hop cost ~10% of a message's CPU in the bench profile, for a few hundred
 * nanoseconds of hashing. A test holds the two to the same output.
 */
export function createNodePseudonymiser(secret: string): Pseudonymise {
  // A KeyObject made once: given the string, node:crypto would import the key on every call.
  const key = createSecretKey(Buffer.from(`sira:pseudonym:${secret}`, 'utf8'));
  return async (address) =>
    createHmac('sha256', key).update(address).digest().subarray(0, 16).toString('base64url');
}
