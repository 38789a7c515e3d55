import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll } from 'vitest';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Whether the tests' Redis answers. Outside CI a missing Redis skips the Redis tests with the
 * reason printed; inside CI (CI=true) it is a failure, as the design's `npm test` contract says.
 */
export async function redisReady(): Promise<boolean> {
  const client = createClient({
    url: REDIS_URL,
    socket: { connectTimeout: 500, reconnectStrategy: false },
  });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
    await client.close();
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error(`CI=true and no Redis answers at ${REDIS_URL}`);
    console.warn(`Skipping the Redis tests: no Redis answers at ${REDIS_URL} (set REDIS_URL).`);
    return false;
  }
}

/** A key prefix of its own per test run: the Redis is shared with other people's tests. */
export const testPrefix = () => `sira-test-${randomUUID().slice(0, 8)}:`;

/** A plain client for looking at what a store wrote. */
export async function inspector() {
  const client = createClient({ url: REDIS_URL });
  client.on('error', () => {});
  await client.connect();
  return client;
}

export type Inspector = Awaited<ReturnType<typeof inspector>>;

export async function keysUnder(client: Inspector, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
    keys.push(...batch);
  }
  return keys;
}

/** Delete every key under a test prefix (never FLUSHDB: others use this Redis too). */
export async function removeUnder(client: Inspector, prefix: string): Promise<void> {
  const keys = await keysUnder(client, prefix);
  if (keys.length) await client.del(keys);
}

/** Remove every key under `prefix` once the file's (or the describe block's) tests are done. */
export function cleanPrefixAfterAll(prefix = testPrefix()): string {
  afterAll(async () => {
    const look = await inspector();
    await removeUnder(look, prefix);
    await look.close();
  });
  return prefix;
}
