import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { ClosedHandoff } from '../../src/core/conversation/handoff';
import { StoreError } from '../../src/core/errors';
import type { ConversationRecord } from '../../src/core/record';
import type { ConversationStore } from '../../src/store/store';

interface StoreHarness {
  store: ConversationStore;
  /** Move the store's clock (stores that expire by their own clock only). */
  advance?: (ms: number) => void;
}

let seq = 0;
/** A unique key per call: some backends keep data between tests. */
export const uniqueKey = (label: string) => `${label}-${Date.now().toString(36)}-${++seq}`;

export function recordFor(key: string, over: Partial<ConversationRecord> = {}): ConversationRecord {
  return {
    key,
    channel: 'sms',
    address: '+15550100002',
    seq: 1,
    mv: 1,
    rev: 'r1',
    state: 'inFlow',
    ctx: { lng: 'fr', pos: { flow: 'main', node: 'menu' }, hist: [] },
    outbox: [],
    updatedAt: 1_000,
    expiresAt: Date.now() + 60_000,
    ...over,
  };
}

function closedFor(id: string, closedAt: number): ClosedHandoff {
  return {
    id,
    category: 'danger',
    severity: 'high',
    openedAt: closedAt - 100,
    agent: 'awa',
    ackAt: closedAt - 100,
    transcript: [{ at: closedAt - 100, from: 'person', text: 'x' }],
    notes: [],
    closedAt,
    outcome: 'referred',
  };
}

interface ContractOptions {
  /**
   * How the store's conversations wake for their due sends: a due index the Node runtime
   * sweeps (memory, SQLite, Redis: `due()` is part of the contract), or an alarm per
   * conversation (Durable Objects: no `due()`; test/workers/ proves the alarms instead).
   */
  wakes?: 'sweep' | 'alarm';
}

/**
 * The behaviour every ConversationStore must have (Chat SDK's contract-suite habit): memory,
 * SQLite, Redis and Durable Objects all run this same suite.
 */
export function storeContract(
  name: string,
  make: () => Promise<StoreHarness> | StoreHarness,
  { wakes = 'sweep' }: ContractOptions = {},
) {
  describe(`${name} store contract`, () => {
    let h: StoreHarness;
    const harnesses: StoreHarness[] = [];
    beforeEach(async () => {
      h = await make();
      harnesses.push(h);
    });
    afterAll(async () => {
      for (const x of harnesses) await x.store.close();
    });

    it('loads null for an unknown conversation', async () => {
      expect(await h.store.load(uniqueKey('none'))).toBeNull();
    });

    it('saves a new record at expected seq 0 and loads it back equal', async () => {
      const key = uniqueKey('new');
      const record = recordFor(key);
      await h.store.save(record, 0);
      expect(await h.store.load(key)).toEqual(record);
    });

    it('rejects a save with a stale seq as a conflict, keeping the stored record', async () => {
      const key = uniqueKey('cas');
      await h.store.save(recordFor(key), 0);
      await h.store.save(recordFor(key, { seq: 2, state: 'second' }), 1);
      const stale = h.store.save(recordFor(key, { seq: 2, state: 'lost' }), 1);
      await expect(stale).rejects.toBeInstanceOf(StoreError);
      await expect(stale).rejects.toMatchObject({ code: 'conflict' });
      expect((await h.store.load(key))?.state).toBe('second');
    });

    it('rejects creating a record that already exists', async () => {
      const key = uniqueKey('dup');
      await h.store.save(recordFor(key), 0);
      await expect(h.store.save(recordFor(key), 0)).rejects.toMatchObject({ code: 'conflict' });
    });

    it('claims a message id once until released', async () => {
      const id = uniqueKey('msg');
      expect(await h.store.claim(id, 60_000)).toBe(true);
      expect(await h.store.claim(id, 60_000)).toBe(false);
      await h.store.release(id);
      expect(await h.store.claim(id, 60_000)).toBe(true);
    });

    it('tells a claim in flight from a handled one', async () => {
      const id = uniqueKey('flight');
      expect(await h.store.claim(id, 60_000)).toBe(true);
      expect(await h.store.claim(id, 60_000)).toBe(false);
      expect(await h.store.confirmed(id)).toBe(false);
      await h.store.confirm(id, 60_000);
      expect(await h.store.confirmed(id)).toBe(true);
      expect(await h.store.confirmed(uniqueKey('never'))).toBe(false);
    });

    it('keeps a claim only as long as asked until it is confirmed for longer', async () => {
      const [short, kept] = [uniqueKey('short'), uniqueKey('kept')];
      // Long enough that a busy machine confirms before the short claim lapses.
      expect(await h.store.claim(short, 500)).toBe(true);
      expect(await h.store.claim(kept, 500)).toBe(true);
      await h.store.confirm(kept, 60_000);
      if (h.advance) h.advance(1_000);
      else await new Promise((r) => setTimeout(r, 1_000));
      expect(await h.store.claim(short, 500)).toBe(true);
      expect(await h.store.claim(kept, 500)).toBe(false);
    });

    it('runs work on one conversation one at a time, in order', async () => {
      const key = uniqueKey('lock');
      const log: string[] = [];
      const work = (label: string, ms: number) =>
        h.store.withLock(key, async () => {
          log.push(`start ${label}`);
          await new Promise((r) => setTimeout(r, ms));
          log.push(`end ${label}`);
          return label;
        });
      const results = await Promise.all([work('a', 30), work('b', 1), work('c', 1)]);
      expect(results).toEqual(['a', 'b', 'c']);
      expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    });

    it('releases the lock when the work throws', async () => {
      const key = uniqueKey('throw');
      await expect(
        h.store.withLock(key, async () => Promise.reject(new Error('boom'))),
      ).rejects.toThrow('boom');
      expect(await h.store.withLock(key, async () => 'next')).toBe('next');
    });

    // Only stores with a due index have this case; Durable Objects prove their alarms instead
    // (test/workers/alarms.worker.test.ts), so the case is not registered for them at all.
    const sweeps = wakes === 'sweep' ? it : () => {};
    sweeps(
      'lists conversations with sends due, oldest first, and forgets them once sent',
      async () => {
        const [a, b, c] = [uniqueKey('due-a'), uniqueKey('due-b'), uniqueKey('due-c')];
        const item = (dueAt: number) => ({
          id: `i${dueAt}`,
          message: { kind: 'text' as const, text: 'x' },
          attempts: 0,
          dueAt,
        });
        await h.store.save(recordFor(a, { outbox: [item(500)] }), 0);
        await h.store.save(recordFor(b, { outbox: [item(100)] }), 0);
        await h.store.save(recordFor(c, { outbox: [item(5_000)] }), 0);
        const due = (await h.store.due!(1_000, 100)).filter((k) => [a, b, c].includes(k));
        expect(due).toEqual([b, a]);
        await h.store.save(recordFor(b, { seq: 2, outbox: [] }), 1);
        expect(await h.store.due!(1_000, 100)).not.toContain(b);
      },
    );

    it('lists open escalations, longest waiting first, and forgets closed ones', async () => {
      const [a, b, c] = [uniqueKey('q-a'), uniqueKey('q-b'), uniqueKey('q-c')];
      const open = (openedAt: number) => ({
        ...recordFor('x').ctx,
        handoff: {
          id: `h${openedAt}`,
          category: 'danger' as const,
          severity: 'high' as const,
          openedAt,
          agent: null,
          ackAt: openedAt,
          transcript: [],
          notes: [],
        },
      });
      await h.store.save(recordFor(a, { ctx: open(300) }), 0);
      await h.store.save(recordFor(b, { ctx: open(100) }), 0);
      await h.store.save(recordFor(c), 0);
      const mine = (await h.store.handoffs(1_000))
        .map((r) => r.key)
        .filter((k) => [a, b, c].includes(k));
      expect(mine).toEqual([b, a]);
      await h.store.save(recordFor(b, { seq: 2 }), 1);
      await h.store.delete(a);
      const after = (await h.store.handoffs(1_000)).map((r) => r.key);
      expect(after).not.toContain(a);
      expect(after).not.toContain(b);
    });

    it('deletes a conversation', async () => {
      const key = uniqueKey('del');
      await h.store.save(recordFor(key), 0);
      await h.store.delete(key);
      expect(await h.store.load(key)).toBeNull();
    });

    it('keeps closed escalations under the conversation key, each until its own expiry', async () => {
      const key = uniqueKey('arch');
      const later = Date.now() + 60_000;
      await h.store.archive(key, closedFor(`${key}-b`, 2_000), later);
      await h.store.archive(key, closedFor(`${key}-a`, 1_000), later);
      await h.store.archive(key, closedFor(`${key}-soon`, 3_000), Date.now() + 50);
      // The same id again replaces the entry.
      await h.store.archive(key, { ...closedFor(`${key}-b`, 2_000), outcome: 'resolved' }, later);
      const all = await h.store.archived(key);
      expect(all.map((e) => [e.id, e.outcome])).toEqual([
        [`${key}-a`, 'referred'],
        [`${key}-b`, 'resolved'],
        [`${key}-soon`, 'referred'],
      ]);
      expect(await h.store.archived(uniqueKey('other'))).toEqual([]);
      if (h.advance) h.advance(100);
      else await new Promise((r) => setTimeout(r, 1_100));
      expect((await h.store.archived(key)).map((e) => e.id)).toEqual([`${key}-a`, `${key}-b`]);
    });

    it('deletes a conversation with everything kept under its key, and nothing else', async () => {
      const [key, other] = [uniqueKey('erase'), uniqueKey('keep')];
      await h.store.save(recordFor(key), 0);
      await h.store.archive(key, closedFor(`${key}-h`, 1_000), Date.now() + 60_000);
      await h.store.archive(other, closedFor(`${other}-h`, 1_000), Date.now() + 60_000);
      await h.store.delete(key);
      expect(await h.store.load(key)).toBeNull();
      expect(await h.store.archived(key)).toEqual([]);
      expect(await h.store.archived(other)).toHaveLength(1);
    });

    it('keeps audit entries, newest first, until their expiry', async () => {
      const tag = uniqueKey('audit');
      const entry = (n: number) => ({
        id: `${tag}-${n}`,
        at: Date.now() + n,
        action: 'conversation.erased' as const,
        channel: 'sms' as const,
      });
      await h.store.audit(entry(1), Date.now() + 60_000);
      await h.store.audit({ ...entry(2), handoff: 'h-2' }, Date.now() + 60_000);
      await h.store.audit(entry(3), Date.now() + 50);
      const mine = async () =>
        (await h.store.audits(1_000)).filter((e) => e.id.startsWith(tag)).map((e) => e.id);
      expect(await mine()).toEqual([`${tag}-3`, `${tag}-2`, `${tag}-1`]);
      expect((await h.store.audits(1_000)).find((e) => e.id === `${tag}-2`)?.handoff).toBe('h-2');
      if (h.advance) h.advance(100);
      else await new Promise((r) => setTimeout(r, 1_100));
      expect(await mine()).toEqual([`${tag}-2`, `${tag}-1`]);
    });

    it('forgets a record after its expiry', async () => {
      const key = uniqueKey('ttl');
      await h.store.save(recordFor(key, { expiresAt: Date.now() + 50 }), 0);
      if (h.advance) h.advance(100);
      else await new Promise((r) => setTimeout(r, 1_100));
      expect(await h.store.load(key)).toBeNull();
    });
  });
}
