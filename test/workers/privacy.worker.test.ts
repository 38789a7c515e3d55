/**
 * What the Durable Objects really hold (issue 9's store scan, on Workers). Three people write
 * to the deployed Worker through signed webhooks (Twilio SMS, WhatsApp Cloud API, Twilio
 * WhatsApp) with names, numbers and a disclosure that the hotline takes, answers and closes,
 * and a second one left open. Then every row of every table of every object involved (their
 * conversation objects, all claims shards, the hotline queue) is read raw and searched. Then
 * two of them erase, and the scan runs again.
 *
 * Storage is not reset between tests in this project: numbers are unique to this file, and the
 * shared objects (claims shards, queue) are judged by what this test's people left in them.
 */
import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHandoffService } from '../../src/handoff/service';
import type { RuntimeDeps } from '../../src/runtime/deps';
import { depsFromConfig } from '../../src/runtime/deps-from-config';
import { createLogger } from '../../src/runtime/log';
import { createDurableObjectStore } from '../../src/store/durable-object';
import { metaRequest } from '../helpers/meta';
import { whatsappTextBody } from '../helpers/whatsapp-body';
import { workerConfig, workerFetch } from './worker-helpers';

const config = workerConfig();
const BASE = 'https://sira.example.org';
/**
 * The hotline, as the console drives it: the same deps as the Worker, over the same objects.
 * Built once fetch is faked (its senders keep the fetch they were built with).
 */
let deps: RuntimeDeps;
let hotline: ReturnType<typeof createHandoffService>;

/** The three people; the digits of each number are searched for, so every format is caught. */
const FATOU = { channel: 'sms', from: '+15550100361', digits: '5550100361' };
const MOUSSA = { channel: 'whatsapp', from: '15550100362', digits: '5550100362' };
const GRACE = { channel: 'twilio-whatsapp', from: 'whatsapp:+15550100363', digits: '5550100363' };
type Person = typeof FATOU;

/** Words from messages (and a WhatsApp profile name) outside any escalation: stored nowhere. */
const NEVER_STORED = ['Fatou', 'Traoré', 'numéro', 'Moussa', 'Keita', 'Grace', 'Okafor'];
/** Words of the disclosures: only in the hotline's transcripts, and gone after erasure. */
const DISCLOSED = ['patron', 'passeport', 'menace'];
/** What the hotline worker wrote (a reply and a note): gone with the person. */
const HOTLINE_TEXT = ['Awa', 'rappeler'];

const realFetch = globalThis.fetch;
beforeAll(() => {
  // The Worker and its objects run in this isolate: its senders reach these fakes.
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    if (request.url.startsWith(config.whatsapp?.graphUrl ?? '-'))
      return Response.json({ messages: [{ id: `wamid.fake.${crypto.randomUUID()}` }] });
    if (request.url.startsWith(config.twilio?.apiUrl ?? '-'))
      return Response.json({ sid: `SM${crypto.randomUUID()}`, status: 'queued' }, { status: 201 });
    return realFetch(input, init);
  });
  deps = depsFromConfig(
    { ...config, secret: config.secret as string },
    createDurableObjectStore(env),
    createLogger(() => {}),
  );
  hotline = createHandoffService(deps);
});
afterAll(() => vi.unstubAllGlobals());

let n = 0;
/** One message from a person, signed as its provider signs it; it must be accepted. */
async function say(who: Person, text: string): Promise<string> {
  n += 1;
  const request = who.channel === 'whatsapp' ? await metaPost(who, text) : twilioPost(who, text);
  const response = await workerFetch(request);
  expect(response.status, text).toBe(200);
  await response.text();
  return deps.pseudonymise(`${who.channel}:${who.from}`);
}

async function metaPost(who: Person, text: string): Promise<Request> {
  const payload = JSON.parse(
    whatsappTextBody(who.from, `wamid.privacy.${n}.${Date.now()}`, text, Date.now()),
  );
  // The profile name Meta sends with every message: a name the person never typed to us.
  payload.entry[0].changes[0].value.contacts[0].profile.name = 'Moussa Keita';
  const body = JSON.stringify(payload);
  return metaRequest(`${BASE}/webhooks/whatsapp`, body, config.whatsapp?.appSecret ?? '');
}

const twilioSid = () => `SM${crypto.randomUUID().replace(/-/g, '')}`;

function twilioPost(who: Person, text: string): Request {
  return twilioForm('/webhooks/twilio', {
    MessageSid: twilioSid(),
    AccountSid: config.twilio?.accountSid ?? '',
    From: who.from,
    To: who.channel === 'sms' ? '+15550109999' : 'whatsapp:+15550109999',
    Body: text,
    NumMedia: '0',
  });
}

/** A form signed as Twilio signs it, posted to one of its webhooks. */
function twilioForm(path: string, params: Record<string, string>): Request {
  const url = `${BASE}${path}`;
  return new Request(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': getExpectedTwilioSignature(config.twilio?.authToken ?? '', url, params),
    },
    body: new URLSearchParams(params).toString(),
  });
}

/**
 * Every table of one object's SQLite storage, every row, every column, as strings, and every
 * key and value of its key-value API (unused by sira: a regression would show up here).
 */
function dump(stub: unknown): Promise<{ tables: string[]; values: string[] }> {
  return runInDurableObject(stub, async (_, state) => {
    const tables = state.storage.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .toArray()
      .map((row) => row.name)
      // The runtime's own tables: SQL may not read them (_cf_METADATA holds the alarm time,
      // _cf_KV the key-value API, read below).
      .filter((name) => !name.startsWith('_cf_'));
    const values = tables.flatMap((table) =>
      state.storage.sql
        .exec(`SELECT * FROM "${table}"`)
        .toArray()
        .flatMap((row) => Object.values(row).map(String)),
    );
    for (const [key, value] of await state.storage.list()) values.push(key, JSON.stringify(value));
    return { tables, values };
  });
}

const conversationOf = (key: string) => env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(key));
const queueObject = () => env.HOTLINE_QUEUE.get(env.HOTLINE_QUEUE.idFromName('hotline'));
/** The claims shards (store/durable-object.ts spreads them over claims-0 … claims-63). */
const shards = () =>
  Array.from({ length: 64 }, (_, i) => env.CLAIMS.get(env.CLAIMS.idFromName(`claims-${i}`)));

/** Everything the objects hold for these conversations, the shared ones included. */
async function scan(keys: string[]) {
  const conversations = await Promise.all(keys.map((key) => dump(conversationOf(key))));
  const claims = await Promise.all(shards().map(dump));
  const queue = await dump(queueObject());
  const all = [conversations, claims, [queue]].flat().flatMap((d) => d.values);
  return { conversations, queue, all };
}

/**
 * A stored value with the hotline transcripts taken out (the one place where what a person
 * wrote is kept, for the hotline). Values that are not JSON are searched as they are.
 */
function outsideTranscripts(value: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return value;
  }
  return JSON.stringify(parsed, (name, v) => (name === 'transcript' ? undefined : v));
}

const containing = (values: string[], needle: string) => values.filter((v) => v.includes(needle));

describe('what the Durable Objects hold', () => {
  it('no number in any form and no message text outside the hotline transcript; after erasure nothing of the person', async () => {
    await say(FATOU, "Bonjour, je m'appelle Fatou Traoré");
    await say(FATOU, '1');
    await say(FATOU, '1');
    const fatou = await say(FATOU, 'Mon numéro est le +15550100361 et mon nom Traoré');
    // A delivery report names the person's number too.
    const report = twilioForm('/webhooks/twilio/status', {
      MessageSid: twilioSid(),
      AccountSid: config.twilio?.accountSid ?? '',
      MessageStatus: 'delivered',
      To: FATOU.from,
    });
    expect((await workerFetch(report)).status).toBe(200);
    await say(MOUSSA, 'Hello, I am Moussa Keita');
    const moussa = await say(MOUSSA, "Mon patron m'a frappé et il garde mon passeport");
    expect((await hotline.claim(moussa, 'awa')).ok).toBe(true);
    expect((await hotline.reply(moussa, 'awa', 'Bonjour, je suis Awa. En sécurité ?')).ok).toBe(
      true,
    );
    expect((await hotline.note(moussa, 'awa', 'rappeler demain')).ok).toBe(true);
    expect((await hotline.close(moussa, 'awa', 'referred')).ok).toBe(true);
    await say(MOUSSA, "Il me menace, il m'a encore frappé");
    await say(GRACE, 'Hello, my name is Grace Okafor');
    const grace = await say(GRACE, '2');
    const keys = [fatou, moussa, grace];

    // The second disclosure is open in the queue, the first is kept closed.
    expect((await hotline.queue()).map((r) => r.key)).toContain(moussa);
    expect(await hotline.closed(moussa)).toHaveLength(1);

    const before = await scan(keys);
    for (const [i, conversation] of before.conversations.entries()) {
      expect(conversation.tables, keys[i]).toContain('record');
    }
    expect(before.queue.values).toContain(moussa);
    for (const who of [FATOU, MOUSSA, GRACE])
      expect(containing(before.all, who.digits)).toEqual([]);
    for (const word of NEVER_STORED) expect(containing(before.all, word)).toEqual([]);
    const outside = before.all.map(outsideTranscripts);
    for (const word of DISCLOSED) {
      expect(containing(before.all, word).length, word).toBeGreaterThan(0);
      expect(containing(outside, word), word).toEqual([]);
    }
    // Only in Moussa's own object: the record (open escalation) and the archive (closed one).
    const moussaValues = before.conversations[1]?.values ?? [];
    for (const word of DISCLOSED) {
      expect(containing(before.all, word)).toEqual(containing(moussaValues, word));
    }
    const auditsBefore = containing(before.queue.values, 'conversation.erased');

    // Fatou and Moussa erase (Moussa with his escalation open); Grace does not.
    await say(FATOU, 'EFFACER');
    await say(FATOU, 'oui');
    await say(MOUSSA, 'DELETE');
    await say(MOUSSA, 'yes');

    const after = await scan(keys);
    for (const erased of [after.conversations[0], after.conversations[1]]) {
      expect(erased?.values).toEqual([]);
    }
    for (const [key, object] of [fatou, moussa].map((k) => [k, conversationOf(k)] as const)) {
      // No alarm left to wake an erased conversation back up.
      expect(await runInDurableObject(object, (_, s) => s.storage.getAlarm()), key).toBeNull();
    }
    for (const gone of [
      fatou,
      moussa,
      FATOU.digits,
      MOUSSA.digits,
      ...DISCLOSED,
      ...HOTLINE_TEXT,
    ]) {
      expect(containing(after.all, gone), gone).toEqual([]);
    }
    expect(after.conversations[2]?.values).toContain(grace);
    expect((await hotline.queue()).map((r) => r.key)).not.toContain(moussa);

    // What the queue gained: two content-free audit entries, one naming the escalation.
    const audits = containing(after.queue.values, 'conversation.erased').filter(
      (v) => !auditsBefore.includes(v),
    );
    expect(audits).toHaveLength(2);
    const entries = audits.map((a) => JSON.parse(a) as Record<string, unknown>);
    for (const entry of entries) {
      expect(Object.keys(entry).sort()).toEqual(
        entry.handoff
          ? ['action', 'at', 'channel', 'handoff', 'id']
          : ['action', 'at', 'channel', 'id'],
      );
    }
    expect(entries.map((e) => e.channel).sort()).toEqual(['sms', 'whatsapp']);
    expect(entries.filter((e) => e.handoff)).toHaveLength(1);
  });
});
