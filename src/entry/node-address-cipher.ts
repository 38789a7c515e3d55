import {
  createCipheriv,
  createDecipheriv,
  createSecretKey,
  hkdfSync,
  randomBytes,
} from 'node:crypto';
import { type AddressCipher, AddressError } from '../runtime/address-cipher';

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** IVs are cut from this many random bytes at a time (see `nextIv`). */
const IV_POOL_BYTES = IV_BYTES * 256;

/**
 * The same sealed addresses as runtime/address-cipher.ts (AES-256-GCM, key from HKDF-SHA-256
 * with the same salt and label, the conversation key as additional data, `v1:<iv>:<ct+tag>`),
 * computed with node:crypto: on Node each Web Crypto call is a job on the thread pool, and a
 * message seals once and opens once per send. A test holds the two to opening each other's.
 */
export function createNodeAddressCipher(secret: string): AddressCipher {
  // A KeyObject made once: given bytes, node:crypto would import the key on every call.
  const key = createSecretKey(
    Buffer.from(hkdfSync('sha256', secret, 'sira', 'sira:address:v1', 32)),
  );
  // Every message seals its sender's address, and `randomBytes(12)` each time was 2.5% of an
  // SMS's CPU in the bench profile: a call into the CSPRNG per 12 bytes. GCM needs only that an
  // IV never repeats under the key, which fresh CSPRNG bytes give whether drawn 12 or 3,072 at
  // a time. A spent pool is replaced, never refilled, so IVs already handed out stay as they are.
  let pool = Buffer.alloc(0);
  let used = 0;
  const nextIv = () => {
    if (used === pool.length) {
      pool = randomBytes(IV_POOL_BYTES);
      used = 0;
    }
    used += IV_BYTES;
    return pool.subarray(used - IV_BYTES, used);
  };
  return {
    async seal(conversation, address) {
      const iv = nextIv();
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(conversation));
      const sealed = Buffer.concat([
        cipher.update(address, 'utf8'),
        cipher.final(),
        cipher.getAuthTag(),
      ]);
      return `v1:${iv.toString('base64url')}:${sealed.toString('base64url')}`;
    },
    async open(conversation, sealed) {
      const [version, iv, data, ...rest] = sealed.split(':');
      if (version !== 'v1' || !iv || !data || rest.length) {
        throw new AddressError('not a sealed address');
      }
      try {
        const bytes = Buffer.from(data, 'base64url');
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(conversation));
        decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
        const body = bytes.subarray(0, bytes.length - TAG_BYTES);
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch (cause) {
        throw new AddressError('sealed address does not open', { cause });
      }
    },
  };
}
