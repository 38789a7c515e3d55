/**
 * A Redis that stops reading (frozen with SIGSTOP: connections open, nothing answered): the
 * commands queued behind a connection that is backed up, which cannot be written within the
 * deadline (src/store/redis-deadline.ts), fail as `unavailable`, so their webhooks get a 503
 * and the provider retries; and the store works again when Redis does. The limit node-redis
 * leaves: a command it has written (it writes one per turn even to a backed-up connection)
 * waits for Redis's answer, however long; the provider's own timeout and retry cover that one.
 * Those never written surely did not run; a written one whose connection then drops may have,
 * and its error says so (`uncertain`, see src/core/errors.ts).
 */
import { describe, expect, it } from 'vitest';
import type { ClosedHandoff } from '../src/core/conversation/handoff';
import { createRedisStore } from '../src/store/redis';
import { recordFor } from './contracts/store.contract';
import { redisServerAvailable, startRedisServer } from './helpers/redis-server';
import { freePort } from './helpers/serve';
import { tempDir } from './helpers/temp';

/** More than the loopback socket buffers hold, so what follows it waits to be written. */
const BACKLOG_BYTES = 32 * 1024 * 1024;

describe.skipIf(!redisServerAvailable())('a Redis that stops reading', () => {
  it('fails the commands stuck behind it as unavailable, then works again', async () => {
    const redis = await startRedisServer(tempDir('stall'), await freePort());
    const store = await createRedisStore({ url: redis.url, prefix: 'stall:' });
    const before = recordFor('stall-before');
    await store.save(before, 0);

    redis.pause();
    // This one fills the connection, so the commands sent with it cannot be written at all.
    const backlog = store
      .archive(
        'stall-big',
        { id: 'x', closedAt: 0, note: 'x'.repeat(BACKLOG_BYTES) } as unknown as ClosedHandoff,
        Date.now() + 60_000,
      )
      .catch(() => {});
    const queued = [store.load(before.key), store.claim('stall-m1', 60_000)];
    for (const command of queued) {
      // Never written, so surely not run (see StoreError.uncertain).
      await expect(command).rejects.toMatchObject({ code: 'unavailable', uncertain: false });
    }

    redis.resume();
    await backlog;
    expect(await store.load(before.key)).toEqual(before);
    expect(await store.claim('stall-m1', 60_000)).toBe(true);
    await store.close();
    await redis.kill();
  }, 20_000);

  it('tells a command Redis may have run from one it surely did not', async () => {
    const redis = await startRedisServer(tempDir('uncertain'), await freePort());
    const store = await createRedisStore({ url: redis.url, prefix: 'uncertain:' });
    const record = recordFor('uncertain');

    redis.pause();
    // Written to Redis, which neither runs nor answers it; its failure is caught as it comes.
    const sent = store.save(record, 0).then(
      () => 'saved',
      (error: unknown) => error,
    );
    await new Promise((r) => setTimeout(r, 100));
    await redis.kill(); // the connection drops with the save unanswered
    expect(await sent).toMatchObject({ code: 'unavailable', uncertain: true });
    // While the client is disconnected a command is refused before it is sent.
    await expect(store.save(record, 0)).rejects.toMatchObject({
      code: 'unavailable',
      uncertain: false,
    });
    await store.close();
  }, 20_000);
});
