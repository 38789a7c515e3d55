/**
 * What the stores really hold. A scripted day of three people (SMS, WhatsApp, Twilio WhatsApp)
 * full of numbers, names and a disclosure, with an escalation closed and another open, runs
 * through the real pipeline on each store; then every key and every value the store holds is
 * read back raw (the memory store's dump, the SQLite file's rows, every Redis key under the
 * test prefix) and searched. Then two of them erase, and the scan runs again.
 */

import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it, onTestFinished } from 'vitest';
import { rawContent } from '../../src/content/bundle';
import { compileContent } from '../../src/content/compile';
import type { ChannelId } from '../../src/core/messages';
import { createHandoffService } from '../../src/handoff/service';
import { deliver } from '../../src/runtime/deliver';
import { receive } from '../../src/runtime/inbound';
import { applyStatus } from '../../src/runtime/status';
import { createMemoryStore } from '../../src/store/memory';
import { createRedisStore } from '../../src/store/redis';
import { createSqliteStore } from '../../src/store/sqlite';
import type { ConversationStore } from '../../src/store/store';
import {
  inspector,
  keysUnder,
  REDIS_URL,
  redisReady,
  removeUnder,
  testPrefix,
} from '../helpers/redis';
import { createScriptedSender, testDeps } from '../helpers/runtime';
import { tempDir } from '../helpers/temp';

const content = compileContent(rawContent);

/** The three people: the digits of each number are searched for in every format. */
const FATOU = { channel: 'sms' as ChannelId, from: '+15550100041', digits: '5550100041' };
const MOUSSA = { channel: 'whatsapp' as ChannelId, from: '15550100042', digits: '5550100042' };
const GRACE = {
  channel: 'twilio-whatsapp' as ChannelId,
  from: 'whatsapp:+15550100043',
  digits: '5550100043',
};

/**
 * Words from messages outside any escalation: they must be stored nowhere. (What a person writes
 * once the hotline has the conversation is kept for the hotline, numbers included: that is what
 * the transcript is for.)
 */
const NEVER_STORED = ['Fatou', 'Traoré', 'numéro', 'Moussa', 'Keita', 'Grace', 'Okafor'];
/** Words of the disclosure: only in the hotline's transcripts, and gone after erasure. */
const DISCLOSED = ['patron', 'passeport', 'menace'];

interface Backend {
  store: ConversationStore;
  /** Every key and value, raw; may reopen the store (`store` is then the new one). */
  scan(): Promise<string[]>;
  /** Whether every key has an expiry (Redis can say so per key). */
  everyKeyExpires?(): Promise<boolean>;
}

const ready = await redisReady();

const backends: Record<string, () => Promise<Backend>> = {
  memory: async () => {
    const store = createMemoryStore();
    return { store, scan: async () => store.dump() };
  },
  sqlite: async () => {
    const path = join(tempDir('scan'), 'sira.db');
    const backend: Backend = {
      store: createSqliteStore({ path }),
      async scan() {
        // The store holds the file exclusively: close, read every row of every table, reopen.
        await backend.store.close();
        const db = new DatabaseSync(path);
        const tables = db
          .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
          .all()
          .map((row) => String(row.name));
        const values = tables.flatMap((table) =>
          db
            .prepare(`SELECT * FROM ${table}`)
            .all()
            .flatMap((row) => Object.values(row).map(String)),
        );
        db.close();
        backend.store = createSqliteStore({ path });
        return values;
      },
    };
    return backend;
  },
  redis: async () => {
    const prefix = testPrefix();
    const look = await inspector();
    // Made inside the test, so cleaned up when it ends: an afterAll hook registered from within
    // a running test never ran, and every run left its keys in the shared Redis.
    onTestFinished(async () => {
      await removeUnder(look, prefix);
      await look.close();
    });
    const store = await createRedisStore({ url: REDIS_URL, prefix });
    return {
      store,
      async scan() {
        const out: string[] = [];
        for (const key of await keysUnder(look, prefix)) {
          out.push(key);
          const type = await look.type(key);
          if (type === 'string') out.push(String(await look.get(key)));
          else if (type === 'hash') out.push(...Object.entries(await look.hGetAll(key)).flat());
          else if (type === 'zset') out.push(...(await look.zRange(key, 0, -1)));
          else if (type === 'set') out.push(...(await look.sMembers(key)));
          else out.push(`unexpected ${type}`);
        }
        return out;
      },
      async everyKeyExpires() {
        const keys = await keysUnder(look, prefix);
        const ttls = await Promise.all(keys.map((key) => look.pTTL(key)));
        return keys.length > 0 && ttls.every((ttl) => ttl > 0);
      },
    };
  },
};

describe.each(Object.keys(backends))('what the %s store holds', (name) => {
  it.skipIf(name === 'redis' && !ready)(
    'no number in any form and no message text outside the hotline transcript; after erasure nothing of the person',
    async () => {
      const backend = await (backends[name] as () => Promise<Backend>)();
      const sender = createScriptedSender().sender;
      // Meta's message ids spell out the number they went to, in base64, as these do.
      let sent = 0;
      const whatsapp = {
        async send(to: string) {
          return { ok: true as const, providerId: `wamid.HBgL${btoa(to)}FQIAERgS${++sent}` };
        },
      };
      const t = testDeps({
        content,
        store: backend.store,
        now: Date.now,
        newId: () => crypto.randomUUID(),
        senders: { sms: sender, whatsapp, 'twilio-whatsapp': sender },
      });
      const deps = t.deps;
      const hotline = () => createHandoffService({ ...deps, store: backend.store });
      let n = 0;
      const say = async (who: typeof FATOU, body: string) => {
        deps.store = backend.store;
        const receipt = await receive(deps, {
          channel: who.channel,
          messageId: `${who.channel}-msg-${++n}`,
          from: who.from,
          at: Date.now(),
          content: { type: 'text', text: body },
        });
        await deliver(deps, receipt.key);
        return receipt.key;
      };

      await say(FATOU, "Bonjour, je m'appelle Fatou Traoré");
      await say(FATOU, '1');
      await say(FATOU, '1');
      await say(FATOU, 'Mon numéro est le +15550100041 et mon nom Traoré');
      await applyStatus(deps, {
        channel: 'sms',
        reference: 'unknown',
        providerMessageId: 'SM1',
        state: 'delivered',
        at: Date.now(),
        recipient: FATOU.from,
      });
      await say(MOUSSA, 'Hello, I am Moussa Keita');
      const moussa = await say(MOUSSA, "Mon patron m'a frappé et il garde mon passeport");
      await hotline().claim(moussa, 'awa');
      await hotline().reply(moussa, 'awa', 'Bonjour, je suis Awa. Êtes-vous en sécurité ?');
      await hotline().note(moussa, 'awa', 'passeport confisqué par le patron');
      await hotline().close(moussa, 'awa', 'referred');
      await say(MOUSSA, "Il me menace, il m'a encore frappé");
      await say(GRACE, 'Hello, my name is Grace Okafor');
      await say(GRACE, '2');
      const fatou = await deps.pseudonymise(`sms:${FATOU.from}`);

      const held = await backend.scan();
      deps.store = backend.store;
      expect(held.length).toBeGreaterThan(10);
      for (const who of [FATOU, MOUSSA, GRACE]) {
        expect(held.filter((v) => v.includes(who.digits))).toEqual([]);
      }
      expect(held.filter((v) => v.includes(btoa(MOUSSA.from).slice(0, 12)))).toEqual([]);
      for (const word of NEVER_STORED) expect(held.filter((v) => v.includes(word))).toEqual([]);
      for (const word of DISCLOSED) {
        const where = held.filter((v) => v.includes(word));
        expect(where.length).toBeGreaterThan(0);
        expect(where.every((v) => v.includes('"transcript"'))).toBe(true);
      }
      if (backend.everyKeyExpires) expect(await backend.everyKeyExpires()).toBe(true);

      // Fatou and Moussa erase; Grace does not.
      await say(FATOU, 'EFFACER');
      await say(FATOU, 'oui');
      await say(MOUSSA, 'DELETE');
      await say(MOUSSA, 'yes');
      const left = await backend.scan();
      deps.store = backend.store;
      const grace = await deps.pseudonymise(`twilio-whatsapp:${GRACE.from}`);
      for (const gone of [fatou, moussa, ...DISCLOSED, 'Awa', FATOU.digits, MOUSSA.digits]) {
        expect(left.filter((v) => v.includes(gone))).toEqual([]);
      }
      expect(left.some((v) => v.includes(grace))).toBe(true);
      const audits = left.filter((v) => v.includes('conversation.erased'));
      expect(audits).toHaveLength(2);
      for (const audit of audits) {
        expect(Object.keys(JSON.parse(audit)).sort()).toEqual(
          expect.arrayContaining(['action', 'at', 'channel', 'id']),
        );
      }
      if (backend.everyKeyExpires) expect(await backend.everyKeyExpires()).toBe(true);
      await backend.store.close();
    },
  );
});
