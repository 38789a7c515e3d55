/**
 * Password hashing with PBKDF2-HMAC-SHA256 through Web Crypto, which Node and Workers both have
 * (scrypt and Argon2 are not in Web Crypto). 600,000 iterations is OWASP's 2023 figure for
 * PBKDF2-SHA256. The stored string names the algorithm and the iterations, so the cost can be
 * raised later: an older hash still verifies and is replaced at the next login (`weaker`).
 * @see https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html
 */
import { sameBytes } from './tokens';

export const ITERATIONS = 600_000;
const ALGORITHM = 'pbkdf2-sha256';
const SALT_BYTES = 16;
const HASH_BITS = 256;

/** OWASP: at least 15 characters without MFA; long passphrases allowed. */
export const PASSWORD_MIN = 15;
export const PASSWORD_MAX = 256;

export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN) return `at least ${PASSWORD_MIN} characters`;
  if (password.length > PASSWORD_MAX) return `at most ${PASSWORD_MAX} characters`;
  return null;
}

export async function hashPassword(password: string, iterations = ITERATIONS): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, iterations);
  return [ALGORITHM, iterations, toBase64(salt), toBase64(hash)].join('$');
}

/** Whether `password` matches `stored`; a malformed stored value never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const hash = await derive(password, parsed.salt, parsed.iterations);
  return sameBytes(hash, parsed.hash);
}

/** Whether a stored hash was made with less work than this version asks for. */
export const weaker = (stored: string): boolean => (parse(stored)?.iterations ?? 0) < ITERATIONS;

/**
 * Verify against a hash of nothing, so that a login for an unknown or disabled account takes
 * as long as one for a real account: the time must not tell which usernames exist.
 */
let decoy: Promise<string> | undefined;
export async function spendVerifyTime(password: string): Promise<void> {
  decoy ??= hashPassword(crypto.randomUUID());
  await verifyPassword(password, await decoy);
}

function parse(stored: string) {
  const [algorithm, iterations, salt, hash] = stored.split('$');
  const n = Number(iterations);
  if (algorithm !== ALGORITHM || !Number.isInteger(n) || n < 1 || !salt || !hash) return null;
  return { iterations: n, salt: fromBase64(salt), hash: fromBase64(hash) };
}

async function derive(password: string, salt: Uint8Array, iterations: number) {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(password),
    'PBKDF2',
    false,
    ['deriveBits'],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    key,
    HASH_BITS,
  );
  return new Uint8Array(bits);
}

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
