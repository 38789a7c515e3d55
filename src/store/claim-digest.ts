import { createHash } from 'node:crypto';

/**
 * What a durable store keeps for a claimed provider message id: a digest, never the id itself.
 * A WhatsApp id (`wamid.…`) is base64 that spells out the sender's phone number, and a claim
 * outlives an erased conversation by days; a digest dedupes as well and says nothing.
 * 128 bits of SHA-256: collisions are out of reach at any message volume we will see.
 */
export function claimDigest(messageId: string): string {
  return createHash('sha256').update(messageId).digest('base64url').slice(0, 22);
}
