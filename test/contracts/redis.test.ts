import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../src/core/messages';
import { receive } from '../../src/runtime/inbound';
import { createRedisStore } from '../../src/store/redis';
import type { SweptStore } from '../../src/store/store';
import {
  type Inspector,
  inspector,
  keysUnder,
  REDIS_URL,
  redisReady,
  removeUnder,
  testPrefix,
} from '../helpers/redis';
import { testDeps } from '../helpers/runtime';
import { recordFor, storeContract, uniqueKey } from './store.contract';

const ready = await redisReady();
const prefix = testPrefix();

describe.skipIf(!ready)('redis', () => {
  let look: Inspector;
  let store: SweptStore;
  beforeAll(async () => {
    look = await inspector();
    store = await createRedisStore({ url: REDIS_URL, prefix });
  });
  afterAll(async () => {
    await store?.close();
    await removeUnder(look, prefix);
    await look?.close();
  });

  storeContract('redis', async () => ({
    store: await createRedisStore({ url: REDIS_URL, prefix }),
  }));

  describe('redis store', () => {
    const phone = '+22370000001';
    const sms = (messageId: string): InboundMessage => ({
      channel: 'sms',
      messageId,
      from: phone,
      at: 0,
      content: { type: 'text', text: 'hi' },
    });
    // A WhatsApp message id is base64 that spells out the sender's number.
    const wamid = `wamid.${Buffer.from(`${phone.slice(1)}-abc`).toString('base64')}`;

    it('gives every key it writes an expiry, the lock included', async () => {
      const { deps } = testDeps({ store, now: Date.now });
      const receipt = await receive(deps, sms(uniqueKey('ttl')));
      await store.save(recordFor(uniqueKey('ttl'), { outbox: receipt.pending }), 0);
      await store.withLock(uniqueKey('held'), async () => {
        const keys = await keysUnder(look, prefix);
        expect(keys.some((key) => key.startsWith(`${prefix}l:`))).toBe(true);
        expect(keys.some((key) => key === `${prefix}due`)).toBe(true);
        for (const key of keys) expect(await look.pTTL(key), key).toBeGreaterThan(0);
      });
    });

    it('puts no phone number, not even base64-encoded in a message id, in any key', async () => {
      const { deps } = testDeps({ store, now: Date.now });
      await receive(deps, sms(`${phone}-${uniqueKey('m')}`));
      await receive(deps, { ...sms(wamid), channel: 'whatsapp' });
      const keys = (await keysUnder(look, prefix)).join(' ');
      const encoded = Buffer.from(phone.slice(1)).toString('base64').slice(0, 12);
      expect(keys).not.toContain(phone.slice(1));
      expect(keys).not.toContain(phone.slice(-8));
      expect(keys).not.toContain(encoded);
      expect(keys).not.toContain('wamid');
    });

    it('frees the lock of a holder that died, once its expiry passes', async () => {
      const key = uniqueKey('dead');
      await look.set(`${prefix}l:${key}`, 'a-dead-holder', {
        expiration: { type: 'PX', value: 300 },
      });
      const started = Date.now();
      expect(await store.withLock(key, async () => 'mine')).toBe('mine');
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    });

    it('reads the record with its lock: a locked section loads it without a command of its own', async () => {
      const record = recordFor(uniqueKey('lockload'));
      await store.save(record, 0);
      const watcher = await inspector();
      // What the store sends about this record, as Redis receives it (not the commands run
      // inside scripts): `<time> [<db> <client>] "<command>" "<arg>"...`.
      const sent: string[] = [];
      await watcher.monitor((line) => {
        const text = String(line);
        if (text.includes(record.key) && !text.includes(' lua]')) {
          sent.push(text.match(/\] "([^"]+)"/)?.[1]?.toLowerCase() ?? '?');
        }
      });
      const next = { ...record, seq: 2 };
      const reads = await store.withLock(record.key, async () => {
        const first = await store.load(record.key);
        await store.save(next, 1);
        return [first, await store.load(record.key)];
      });
      expect(reads).toEqual([record, next]);
      // MONITOR reports a little after the fact: wait for a marker sent last.
      await look.get(`${prefix}done:${record.key}`);
      for (let i = 0; i < 100 && !sent.includes('get'); i++)
        await new Promise((r) => setTimeout(r, 10));
      await watcher.close();
      // The lock with the first read, the save, the second read (after the save, from Redis),
      // the unlock, the marker: no hget of its own for the first read.
      expect(sent).toEqual(['evalsha', 'evalsha', 'hget', 'evalsha', 'get']);
    });

    it('reads only the newest audit entries asked for, not the whole log', async () => {
      const own = testPrefix();
      const audited = await createRedisStore({ url: REDIS_URL, prefix: own });
      try {
        const at = Date.now();
        for (let n = 1; n <= 5; n++) {
          const entry = { id: `a${n}`, at: at + n, action: 'conversation.erased' as const };
          await audited.audit({ ...entry, channel: 'sms' }, at + n + 60_000);
        }
        expect((await audited.audits(2)).map((e) => e.id)).toEqual(['a5', 'a4']);
        expect(await audited.audits(10)).toHaveLength(5);
      } finally {
        await audited.close();
        await removeUnder(look, own);
      }
    });

    it('never releases a lock it does not hold', async () => {
      const key = uniqueKey('steal');
      await store.withLock(key, async () => {
        // Simulate our lock expiring and another instance taking it.
        await look.set(`${prefix}l:${key}`, 'someone-else', {
          expiration: { type: 'PX', value: 5_000 },
        });
      });
      expect(await look.get(`${prefix}l:${key}`)).toBe('someone-else');
      await look.del(`${prefix}l:${key}`);
    });

    it('drops due entries of records that expired', async () => {
      const key = uniqueKey('gone');
      const item = {
        id: 'o',
        message: { kind: 'text' as const, text: 'x' },
        attempts: 0,
        dueAt: 1,
      };
      await store.save(recordFor(key, { outbox: [item], expiresAt: Date.now() + 50 }), 0);
      await new Promise((r) => setTimeout(r, 100));
      expect(await store.due(Date.now(), 1_000)).not.toContain(key);
      expect(await look.zScore(`${prefix}due`, key)).toBeNull();
    });
  });
});
