import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The Twilio channel runs on Workers too: Web APIs, zod, the twilio deep imports for signature
 * and TwiML (never the `twilio` root, 7 MB of Node-only code), and the neutral vocabulary, the
 * core's pure cache and the HTTP client interface only.
 */
const ALLOWED = [
  /^\.\/[a-z-]+$/,
  /^\.\.\/channel$/,
  /^\.\.\/http-post$/,
  /^\.\.\/\.\.\/core\/messages$/,
  /^\.\.\/\.\.\/core\/cache$/,
  /^zod$/,
  /^twilio\/lib\/webhooks\/webhooks$/,
  /^twilio\/lib\/twiml\/MessagingResponse$/,
];

describe('src/channels/twilio imports', () => {
  const dir = import.meta.dirname;
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  it.each(files)('%s imports only what a Worker can run', (file) => {
    const source = readFileSync(join(dir, file), 'utf8');
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    for (const path of imports)
      expect(
        ALLOWED.some((re) => re.test(path ?? '')),
        path,
      ).toBe(true);
  });
});
