/**
 * On Workers each conversation wakes itself: its Durable Object's alarm sends the due replies
 * (what the sweep does on Node; this replaces the contract's `due()` case) and deletes the
 * conversation when it expires, taking it out of the hotline queue.
 */
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OutboxItem } from '../../src/core/record';
import { createAddressCipher } from '../../src/runtime/address-cipher';
import { createDurableObjectStore } from '../../src/store/durable-object';
import { queueOf } from '../../src/store/durable-objects/conversation';
import { QueueObject } from '../../src/store/durable-objects/queue';
import { recordFor, uniqueKey } from '../contracts/store.contract';

const store = createDurableObjectStore(env);
const graphSends: Record<string, unknown>[] = [];
const realFetch = globalThis.fetch;

beforeAll(() => {
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    if (!request.url.startsWith(String(env.WHATSAPP_GRAPH_URL))) return realFetch(input, init);
    graphSends.push((await request.json()) as Record<string, unknown>);
    return Response.json({ messages: [{ id: `wamid.fake.${graphSends.length}` }] });
  });
});
afterAll(() => vi.unstubAllGlobals());

const objectOf = (key: string) => env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(key));
const alarmOf = (key: string) =>
  runInDurableObject(objectOf(key), (_, state) => state.storage.getAlarm());
const item = (id: string, dueAt: number): OutboxItem => ({
  id,
  message: { kind: 'text', text: `reply ${id}` },
  attempts: 0,
  dueAt,
});

const handoff = {
  id: 'h1',
  category: 'danger' as const,
  severity: 'high' as const,
  openedAt: 100,
  agent: null,
  ackAt: 100,
  transcript: [],
  notes: [],
};

/**
 * Run `fn` while every call to the hotline queue fails. workerd logs each refused call as an
 * uncaught exception of the queue object: expected.
 */
async function whileQueueFails(fn: () => Promise<unknown>): Promise<void> {
  const place = vi.spyOn(QueueObject.prototype, 'place').mockImplementation(async () => {
    throw new Error('overloaded');
  });
  try {
    await fn();
  } finally {
    place.mockRestore();
  }
}

describe('Durable Object alarms', () => {
  it('sets the alarm at the next due send, else at the expiry', async () => {
    const key = uniqueKey('alarm-at');
    const expiresAt = Date.now() + 3_600_000;
    const later = Date.now() + 600_000;
    await store.save(recordFor(key, { expiresAt, outbox: [item('a', later)] }), 0);
    expect(await alarmOf(key)).toBe(later);
    await store.save(recordFor(key, { seq: 2, expiresAt, outbox: [] }), 1);
    expect(await alarmOf(key)).toBe(expiresAt);
  });

  it('sends a due reply when the alarm fires, once', async () => {
    const key = uniqueKey('alarm-send');
    const record = recordFor(key, {
      channel: 'whatsapp',
      // Records keep the address sealed with the deployment's secret (runtime/address-cipher.ts).
      address: await createAddressCipher(String(env.SIRA_SECRET)).seal(key, '15550100201'),
      outbox: [item('due-now', Date.now() - 1)],
    });
    await store.save(record, 0);
    expect(await runDurableObjectAlarm(objectOf(key))).toBe(true);
    const mine = () => graphSends.filter((s) => s.biz_opaque_callback_data === 'due-now');
    expect(mine()).toHaveLength(1);
    expect((await store.load(key))?.outbox).toEqual([]);
    expect((await store.load(key))?.deliveries?.[0]).toMatchObject({
      id: 'due-now',
      state: 'sent',
    });
    // The alarm now waits for the expiry; firing it early sends nothing more.
    await runDurableObjectAlarm(objectOf(key));
    expect(mine()).toHaveLength(1);
  });

  it('keeps an escalation in the queue as long as its conversation goes on', async () => {
    const key = uniqueKey('alarm-queue');
    const ctx = { ...recordFor(key).ctx, handoff };
    await store.save(recordFor(key, { ctx, expiresAt: Date.now() + 200 }), 0);
    // A later message moves the expiry on; the queue must not forget the entry at the first.
    await store.save(recordFor(key, { seq: 2, ctx, expiresAt: Date.now() + 3_600_000 }), 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(await store.load(key)).not.toBeNull();
    expect((await store.handoffs(10_000)).map((r) => r.key)).toContain(key);
  });

  it('keeps listing an escalation whose later messages an older version did not tell the queue of', async () => {
    const key = uniqueKey('alarm-queue-legacy');
    const ctx = { ...recordFor(key).ctx, handoff };
    await store.save(recordFor(key, { ctx, expiresAt: Date.now() + 300 }), 0);
    // What the previous version left: the record's expiry moved on, the queue not told.
    const later = recordFor(key, { seq: 2, ctx, expiresAt: Date.now() + 3_600_000 });
    await runInDurableObject(objectOf(key), (_, state) => {
      state.storage.sql.exec(
        'UPDATE record SET json = ?, seq = 2, expires_at = ?',
        JSON.stringify(later),
        later.expiresAt,
      );
    });
    await new Promise((r) => setTimeout(r, 400));
    expect((await store.handoffs(10_000)).map((r) => r.key)).toContain(key);
    // Placed again with the record's expiry: no longer lapsed.
    const entry = (await queueOf(env).list(10_000)).find((e) => e.key === key);
    expect(entry).toEqual({ key, lapsed: false });
    // A lapsed entry whose conversation is gone leaves at that look.
    const gone = uniqueKey('alarm-queue-gone');
    await queueOf(env).place(gone, 100, Date.now() - 1);
    await store.handoffs(10_000);
    expect((await queueOf(env).list(10_000)).map((e) => e.key)).not.toContain(gone);
  });

  it('tells the queue of the new expiry again soon when telling it failed', async () => {
    const key = uniqueKey('alarm-queue-retell');
    const ctx = { ...recordFor(key).ctx, handoff };
    await store.save(recordFor(key, { ctx, expiresAt: Date.now() + 300 }), 0);
    await whileQueueFails(() =>
      store.save(recordFor(key, { seq: 2, ctx, expiresAt: Date.now() + 3_600_000 }), 1),
    );
    expect(await alarmOf(key)).toBeLessThan(Date.now() + 60_000);
    await runDurableObjectAlarm(objectOf(key));
    await new Promise((r) => setTimeout(r, 400));
    expect((await store.handoffs(10_000)).map((r) => r.key)).toContain(key);
  });

  it('sends a due reply and keeps its next alarm when the hotline queue fails', async () => {
    const key = uniqueKey('alarm-queue-down');
    const address = await createAddressCipher(String(env.SIRA_SECRET)).seal(key, '15550100202');
    await whileQueueFails(async () => {
      const ctx = { ...recordFor(key).ctx, handoff };
      const outbox = [item('safe-reply', Date.now() - 1)];
      await store.save(recordFor(key, { channel: 'whatsapp', address, ctx, outbox }), 0);
      await runDurableObjectAlarm(objectOf(key));
    });
    expect(graphSends.filter((s) => s.biz_opaque_callback_data === 'safe-reply')).toHaveLength(1);
    expect(await alarmOf(key)).not.toBeNull();
  });

  it('deletes an expired conversation and takes it out of the hotline queue', async () => {
    const key = uniqueKey('alarm-expiry');
    const ctx = { ...recordFor(key).ctx, handoff };
    await store.save(recordFor(key, { ctx, expiresAt: Date.now() + 100 }), 0);
    expect((await queueOf(env).list(10_000)).map((e) => e.key)).toContain(key);
    await new Promise((r) => setTimeout(r, 150));
    // Run the alarm now, unless the runtime already has (it was due 50 ms ago).
    await runDurableObjectAlarm(objectOf(key));
    const tables = await runInDurableObject(objectOf(key), (_, state) =>
      state.storage.sql.exec("SELECT name FROM sqlite_master WHERE type = 'table'").toArray(),
    );
    expect(tables).toEqual([]);
    expect(await alarmOf(key)).toBeNull();
    expect((await queueOf(env).list(10_000)).map((e) => e.key)).not.toContain(key);
  });
});
