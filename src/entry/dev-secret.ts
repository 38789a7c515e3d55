import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Development only (production refuses to start without SIRA_SECRET): a secret generated on
 * the first `npm start`, printed once, and kept beside the SQLite file so a restart keeps the
 * same pseudonyms and can still open the sealed addresses — otherwise every stored conversation
 * would be unreachable after a restart. Returns the secret and whether it was just made.
 */
export function developmentSecret(dbPath: string): { secret: string; created: boolean } {
  const file = join(dirname(dbPath), 'dev-secret');
  if (existsSync(file)) return { secret: readFileSync(file, 'utf8').trim(), created: false };
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const secret = Buffer.from(bytes).toString('base64url');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return { secret, created: true };
}
