/**
 * Several instances on one Redis (shared/facts/safeguarding-and-reliability.md §5.2, RL-1 and
 * RL-3 in part): two runtimes with their own Redis clients on one key prefix receive every
 * message twice, shuffled, across both; and an outage ends in a 503-style rejection, not a
 * hang, and the provider's retry is then processed once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { StoreError } from '../src/core/errors';
import type { InboundMessage } from '../src/core/messages';
import type { OutboxItem } from '../src/core/record';
import type { RuntimeDeps } from '../src/runtime/deps';
import { type Receipt, receive } from '../src/runtime/inbound';
import { createRedisStore } from '../src/store/redis';
import type { ConversationStore } from '../src/store/store';
import { cleanPrefixAfterAll, REDIS_URL, redisReady, testPrefix } from './helpers/redis';
import { testDeps } from './helpers/runtime';
import { startTcpProxy } from './helpers/tcp-proxy';

const ready = await redisReady();
const prefix = testPrefix();
const stores: ConversationStore[] = [];

// Registered first so that it runs last (after hooks run in reverse): stores close, then keys go.
if (ready) cleanPrefixAfterAll(prefix);
afterAll(async () => {
  for (const store of stores) await store.close();
});

/** A runtime of its own: its own Redis client, ids that cannot collide with another's. */
async function instance(name: string, url = REDIS_URL) {
  const store = await createRedisStore({ url, prefix });
  stores.push(store);
  let ids = 0;
  return testDeps({ store, now: Date.now, newId: () => `${name}-${++ids}` }).deps;
}

const texts = ['hi', '1', '2', 'menu', 'back', 'x'];
const message = (person: number, n: number): InboundMessage => ({
  channel: 'sms',
  messageId: `${prefix}p${person}-m${n}`,
  from: `+2237${String(person).padStart(7, '0')}`,
  at: n,
  content: { type: 'text', text: texts[(person + n) % texts.length] as string },
});

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/** Run every task with at most `width` in flight. */
async function pool<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await (tasks[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}

describe.skipIf(!ready)('redis store, several instances', () => {
  it('steps each of 2,000 messages exactly once when each arrives twice, shuffled, at two instances', async () => {
    const [a, b] = [await instance('a'), await instance('b')];
    const people = 50;
    const perPerson = 40;
    const messages = Array.from({ length: people * perPerson }, (_, i) =>
      message(i % people, Math.floor(i / people)),
    );
    // Each message reaches both instances, the two copies at independent random moments.
    const deliveries = shuffle(
      messages.flatMap((m) => [() => likeAProvider(a, m), () => likeAProvider(b, m)]),
    );
    const receipts = await pool<Receipt>(deliveries, 200);

    const fresh = receipts.filter((r) => r.fresh);
    expect(fresh).toHaveLength(messages.length);
    const byKey = new Map<string, OutboxItem[]>();
    for (const r of fresh) byKey.set(r.key, [...(byKey.get(r.key) ?? []), ...r.pending]);
    expect(byKey.size).toBe(people);

    for (const [key, pending] of byKey) {
      const record = await a.store.load(key);
      // One save per message: no step was lost to a race, none ran twice.
      expect(record?.seq).toBe(perPerson);
      const outbox = record?.outbox ?? [];
      expect(new Set(outbox.map((i) => i.id)).size).toBe(outbox.length);
      expect(outbox.map((i) => i.id).sort()).toEqual(pending.map((i) => i.id).sort());
      expect(new Set(outbox.map((i) => i.inReplyTo)).size).toBe(perPerson);
    }
  }, 60_000);

  /**
   * Deliver as a provider does: a 503 (a copy that came while the other was being handled) is
   * tried again a little later, until it gets an answer.
   */
  async function likeAProvider(deps: RuntimeDeps, m: InboundMessage): Promise<Receipt> {
    for (;;) {
      try {
        return await receive(deps, m);
      } catch (error) {
        if (!(error instanceof StoreError && error.code === 'unavailable')) throw error;
        await new Promise((r) => setTimeout(r, 10 + Math.random() * 40));
      }
    }
  }

  it('rejects as unavailable at once while Redis is unreachable, then processes the retry once', async () => {
    const proxy = await startTcpProxy({
      host: new URL(REDIS_URL).hostname,
      port: Number(new URL(REDIS_URL).port || 6379),
    });
    const deps = await instance('cut', `redis://127.0.0.1:${proxy.port}`);
    const m = message(999, 1);

    await proxy.down();
    const started = Date.now();
    await expect(receive(deps, m)).rejects.toMatchObject({
      name: 'StoreError',
      code: 'unavailable',
    });
    expect(Date.now() - started).toBeLessThan(2_500);

    await proxy.up();
    // The provider retries until it gets its 200.
    let receipt: Receipt | undefined;
    for (let tries = 0; !receipt && tries < 100; tries++) {
      receipt = await receive(deps, m).catch(async () => {
        await new Promise((r) => setTimeout(r, 100));
        return undefined;
      });
    }
    expect(receipt?.fresh).toBe(true);
    expect(receipt?.pending.length).toBeGreaterThan(0);
    const again = await receive(deps, m);
    expect(again.fresh).toBe(false);
    expect((await deps.store.load(again.key))?.seq).toBe(1);
    await proxy.down();
  }, 30_000);
});
