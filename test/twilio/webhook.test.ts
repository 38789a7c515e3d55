import { describe, expect, it } from 'vitest';
import { formParams } from '../../src/channels/twilio/verify';
import { rawContent } from '../../src/content/bundle';
import { compileContent } from '../../src/content/compile';
import type { OutboxItem } from '../../src/core/record';
import { smsCost } from '../../src/core/render/gsm7';
import { createApp } from '../../src/runtime/app';
import { deliver } from '../../src/runtime/deliver';
import type { RuntimeDeps } from '../../src/runtime/deps';
import { IN_BAND_LEASE_MS } from '../../src/runtime/in-band';
import { PROCESSING_CLAIM_MS } from '../../src/runtime/inbound';
import { createLocalSender } from '../../src/runtime/local-sender';
import { providerRef } from '../../src/runtime/pseudonym';
import { failingTakeOut, testDeps } from '../helpers/runtime';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  fixture,
  twilioRequest,
  twimlMessages,
  withParams,
} from '../helpers/twilio';

const ORIGIN = 'http://localhost';
const WEBHOOK = `${ORIGIN}/webhooks/twilio`;
const STATUS = `${ORIGIN}/webhooks/twilio/status`;
const twilio = { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiUrl: 'http://unused' };

const content = compileContent(rawContent);
/** The full content and no senders: replies go in-band as TwiML. */
const twilioDeps = () => testDeps({ content, senders: {} });

function setup(publicUrl?: string) {
  const t = twilioDeps();
  const app = createApp(t.deps, { twilio, publicUrl });
  const post = async (url: string, body: string, options = {}) => {
    const res = await app.request(twilioRequest(url, body, options));
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };
  const keyOf = (address: string, channel = 'sms') => t.deps.pseudonymise(`${channel}:${address}`);
  return { ...t, app, post, keyOf };
}

const EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response/>';
let sids = 0;
const nextSid = () => `SM${String(++sids).padStart(32, 'a')}`;
const sms = (body: string, from = '+15550100010') =>
  withParams(fixture('sms-digit'), { Body: body, From: from, MessageSid: nextSid() });

describe('POST /webhooks/twilio: signatures', () => {
  it.each(['sms-hello-accents', 'sms-bambara', 'whatsapp-text', 'mms-image'])(
    'answers a correctly signed %s with TwiML',
    async (name) => {
      const { post } = setup();
      const res = await post(WEBHOOK, fixture(name));
      expect(res.status).toBe(200);
      expect(res.type).toBe('text/xml; charset=utf-8');
      expect(twimlMessages(res.text).length).toBeGreaterThan(0);
    },
  );

  it.each([
    ['missing', { signature: null }],
    ['forged with another token', { token: 'not-the-auth-token' }],
    ['garbage', { signature: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' }],
    ['for another URL', { signedUrl: `${ORIGIN}/webhooks/other` }],
  ])('refuses a %s signature with 403 and no side effect', async (_label, options) => {
    const { post, deps, keyOf, log } = setup();
    const body = fixture('sms-hello-accents');
    expect((await post(WEBHOOK, body, options)).status).toBe(403);
    expect(await deps.store.load(await keyOf('+15550100001'))).toBeNull();
    expect(log.lines).toEqual([
      '{"level":"warn","event":"webhook.bad_signature","channel":"twilio","url":"/webhooks/twilio"}',
    ]);
    // The refused request claimed nothing: the genuine one is answered in full.
    expect(twimlMessages((await post(WEBHOOK, body)).text).length).toBeGreaterThan(0);
  });

  it('refuses a stale signature: one captured from another request, replayed on a changed body', async () => {
    const { app } = setup();
    const original = fixture('sms-digit');
    const captured = twilioRequest(WEBHOOK, original).headers.get('x-twilio-signature');
    const tampered = withParams(original, { Body: 'STOP' });
    const res = await app.request(twilioRequest(WEBHOOK, tampered, { signature: captured }));
    expect(res.status).toBe(403);
  });

  it('checks the public URL behind a proxy, not the URL the server sees', async () => {
    const { post } = setup('https://sira.example.org');
    const internal = 'http://10.0.0.7:8787/webhooks/twilio';
    const body = fixture('sms-bambara');
    expect((await post(internal, body)).status).toBe(403);
    const signedPublic = { signedUrl: 'https://sira.example.org/webhooks/twilio' };
    expect((await post(internal, body, signedPublic)).status).toBe(200);
  });

  it('keeps the query string in the signed URL', async () => {
    const { post } = setup('https://sira.example.org');
    const url = `${ORIGIN}/webhooks/twilio?lang=fr`;
    const signedUrl = 'https://sira.example.org/webhooks/twilio?lang=fr';
    expect((await post(url, fixture('sms-digit'), { signedUrl })).status).toBe(200);
    expect((await post(url, fixture('sms-digit'), { signedUrl: url })).status).toBe(403);
  });

  it('answers 503 when Twilio is not configured, and keeps the WhatsApp path as it was', async () => {
    const app = createApp(twilioDeps().deps);
    expect((await app.request(twilioRequest(WEBHOOK, fixture('sms-digit')))).status).toBe(503);
    const withTwilio = createApp(twilioDeps().deps, { twilio });
    expect((await withTwilio.request('/webhooks/whatsapp', { method: 'POST' })).status).toBe(503);
  });
});

describe('POST /webhooks/twilio: malformed forms', () => {
  it('answers 400 to a signed form without MessageSid', async () => {
    const { post } = setup();
    expect((await post(WEBHOOK, fixture('malformed-no-sid'))).status).toBe(400);
  });

  it('answers 400 to a signed form with a repeated MessageSid', async () => {
    const { post } = setup();
    const body = `${fixture('sms-digit')}&MessageSid=SM${'0'.repeat(32)}`;
    // Signed over both values, as Twilio's algorithm covers every value.
    const params = new URLSearchParams(body);
    const { getExpectedTwilioSignature } = await import('twilio/lib/webhooks/webhooks');
    const grouped = formParams(body);
    expect(params.getAll('MessageSid')).toHaveLength(2);
    const signature = getExpectedTwilioSignature(AUTH_TOKEN, WEBHOOK, grouped);
    expect((await post(WEBHOOK, body, { signature })).status).toBe(400);
  });

  it('answers 400 to a signed body that is not a form', async () => {
    const { app } = setup();
    const req = twilioRequest(WEBHOOK, fixture('sms-digit'));
    const json = new Request(req, {
      headers: { ...Object.fromEntries(req.headers), 'content-type': 'application/json' },
    });
    expect((await app.request(json)).status).toBe(400);
  });

  it('answers 413 to a body far larger than Twilio sends', async () => {
    const { post } = setup();
    const huge = withParams(fixture('sms-digit'), { Body: 'x'.repeat(100_000) });
    expect((await post(WEBHOOK, huge)).status).toBe(413);
  });
});

describe('POST /webhooks/twilio: exactly once with TwiML', () => {
  it('answers a replayed MessageSid with empty TwiML', async () => {
    const { post } = setup();
    const body = fixture('sms-hello-accents');
    expect(twimlMessages((await post(WEBHOOK, body)).text).length).toBeGreaterThan(0);
    expect((await post(WEBHOOK, body)).text).toBe(EMPTY);
  });

  it('answers 5 concurrent deliveries of one message once in all', async () => {
    const { post } = setup();
    const body = fixture('sms-bambara');
    const all = await Promise.all([1, 2, 3, 4, 5].map(() => post(WEBHOOK, body)));
    // A copy that arrives while the first is being handled gets 503 (Twilio retries), never a
    // "done" it cannot be sure of; one after it gets an empty answer.
    expect(all.every((r) => r.status === 200 || r.status === 503)).toBe(true);
    expect(all.filter((r) => r.status === 200 && r.text !== EMPTY)).toHaveLength(1);
    expect((await post(WEBHOOK, body)).text).toBe(EMPTY);
  });

  it('carries the replies in the response to a redelivery when the first response never went out', async () => {
    const { post, deps, universe, keyOf } = setup();
    const store = deps.store;
    // The first delivery was saved, its replies leased to its response, and they never left:
    // here the store refused to take them out of the outbox, so the answer was empty.
    deps.store = failingTakeOut(store, { applied: false, uncertain: false });
    const body = fixture('sms-digit');
    const { key, leased } = await leftLeased(post, store, keyOf, body);
    // Twilio retries while the lease still holds: nothing yet, the first response may be coming.
    expect((await post(WEBHOOK, body)).text).toBe(EMPTY);
    // Once the lease ran out, a redelivery carries them, and only once.
    universe.advance(IN_BAND_LEASE_MS + 1);
    await expectCarriedOnce(post, store, key, body, leased);
  });

  it("takes a fresh message's replies out of the outbox before answering, in one hold of its lock", async () => {
    const { post, deps, keyOf } = setup();
    const store = deps.store;
    const locks: string[] = [];
    deps.store = {
      ...store,
      withLock(key, fn) {
        locks.push(key);
        return store.withLock(key, fn);
      },
    };
    const body = fixture('sms-digit');
    expect(twimlMessages((await post(WEBHOOK, body)).text).length).toBeGreaterThan(0);
    const key = await keyOf(String(formParams(body).From));
    expect(locks).toEqual([key]);
    expect((await store.load(key))?.outbox).toEqual([]);
  });

  // The process dies after saving the message: before confirming its claim and taking the
  // replies out. Twilio redelivers (a connection override with #rp) once the lease ran out.
  it.each([
    { claim: 'still held, unconfirmed', after: IN_BAND_LEASE_MS + 1 },
    { claim: 'lapsed', after: PROCESSING_CLAIM_MS + 1 },
  ])(
    'carries the replies to a redelivery when the first attempt died after saving, claim $claim',
    async (c) => {
      const { post, deps, universe, keyOf } = setup();
      const store = deps.store;
      deps.store = {
        ...failingTakeOut(store, { applied: false, uncertain: false }),
        async confirm() {},
      };
      const body = fixture('sms-digit');
      const { key, leased } = await leftLeased(post, store, keyOf, body);
      deps.store = store;
      universe.advance(c.after);
      await expectCarriedOnce(post, store, key, body, leased);
    },
  );

  it('still knows a carried message when its claim is gone: its id is in the record', async () => {
    const { post, deps, keyOf } = setup();
    const body = fixture('sms-digit');
    expect(twimlMessages((await post(WEBHOOK, body)).text).length).toBeGreaterThan(0);
    const key = await keyOf(String(formParams(body).From));
    const before = await deps.store.load(key);
    await deps.store.release(`sms:${formParams(body).MessageSid}`);
    expect((await post(WEBHOOK, body)).text).toBe(EMPTY);
    expect(await deps.store.load(key)).toEqual(before);
  });

  // However slow the store, the replies go in the response only while their lease holds.
  it.each(['save', 'confirm'] as const)(
    'leaves the replies to the sweep when the first %s took longer than their lease',
    async (slowCall) => {
      const { post, deps, universe, keyOf } = setup();
      const sent: string[] = [];
      deps.senders.sms = createLocalSender((_to, m) => sent.push(m.kind));
      const store = deps.store;
      let slow = true;
      const late = () => {
        if (slow) universe.advance(IN_BAND_LEASE_MS + 1);
        slow = false;
      };
      deps.store =
        slowCall === 'save'
          ? { ...store, save: (record, seq) => store.save(record, seq).then(late) }
          : { ...store, confirm: (id, ttlMs) => store.confirm(id, ttlMs).then(late) };
      const body = fixture('sms-digit');
      expect((await post(WEBHOOK, body)).text).toBe(EMPTY);
      await deliver(deps, await keyOf(String(formParams(body).From)));
      expect(sent.length).toBeGreaterThan(0);
    },
  );

  // The store goes down while the replies are being taken out of the outbox for the response.
  it.each([
    { lost: 'its answer (the removal was done)', applied: true, uncertain: true, resent: 0 },
    { lost: 'the removal, answer unknown', applied: false, uncertain: true, resent: 1 },
    { lost: 'the removal, surely not sent', applied: false, uncertain: false, resent: 1 },
  ])('never loses the replies when the store loses $lost', async (c) => {
    const { post, deps, universe, log, keyOf } = setup();
    const sent: string[] = [];
    deps.senders.sms = createLocalSender((_to, m) => sent.push(m.kind));
    const store = deps.store;
    deps.store = failingTakeOut(store, c);
    const answer = twimlMessages((await post(WEBHOOK, fixture('sms-digit'))).text);
    // Uncertain: carried now, in case nothing else ever sends them. Certain: left to the sweep.
    expect(answer.length > 0).toBe(c.uncertain);
    expect(log.lines.some((l) => l.includes('twilio.commit_uncertain'))).toBe(c.uncertain);
    expect(log.lines.some((l) => l.includes('twilio.commit_failed'))).toBe(!c.uncertain);
    universe.advance(IN_BAND_LEASE_MS + 1);
    const key = await keyOf(String(formParams(fixture('sms-digit')).From));
    await deliver(deps, key);
    // Sent at least once in all, and by the sweep only when the removal was not done.
    expect(answer.length + sent.length).toBeGreaterThan(0);
    expect(sent.length > 0).toBe(c.resent > 0);
    expect((await store.load(key))?.outbox).toEqual([]);
  });

  it('leaves a lapsed lease to the outbox sweep, which sends once', async () => {
    const sent: string[] = [];
    const { post, deps, universe, keyOf } = setup();
    deps.senders.sms = createLocalSender((_to, m) => sent.push(m.kind));
    const store = deps.store;
    deps.store = failingTakeOut(store, { applied: false, uncertain: false });
    const { key, leased } = await leftLeased(post, store, keyOf, fixture('sms-digit'));
    await deliver(deps, key);
    expect(sent).toEqual([]); // held for the response
    universe.advance(IN_BAND_LEASE_MS + 1);
    await deliver(deps, key);
    expect(sent).toHaveLength(leased.length);
  });
});

/**
 * Post `body` while its replies cannot be taken out of the outbox: the answer is empty and they
 * stay leased in `store`. The conversation's key and those replies.
 */
async function leftLeased(
  post: ReturnType<typeof setup>['post'],
  store: RuntimeDeps['store'],
  keyOf: ReturnType<typeof setup>['keyOf'],
  body: string,
) {
  expect((await post(WEBHOOK, body)).text).toBe(EMPTY);
  const key = await keyOf(String(formParams(body).From));
  const leased = (await store.load(key))?.outbox ?? [];
  expect(leased.length).toBeGreaterThan(0);
  return { key, leased };
}

/**
 * A redelivery of `body` carries the `leased` replies, the next one nothing, and the outbox of
 * `key` is left empty.
 */
async function expectCarriedOnce(
  post: ReturnType<typeof setup>['post'],
  store: RuntimeDeps['store'],
  key: string,
  body: string,
  leased: readonly OutboxItem[],
) {
  const texts = leased.map((i) => (i.message.kind === 'text' ? i.message.text : ''));
  expect(twimlMessages((await post(WEBHOOK, body)).text)).toEqual(texts);
  expect((await post(WEBHOOK, body)).text).toBe(EMPTY);
  expect((await store.load(key))?.outbox).toEqual([]);
}

describe('POST /webhooks/twilio: conversation over SMS', () => {
  it('replies in GSM-7 within 3 segments, and Twilio WhatsApp in full Unicode', async () => {
    const { post } = setup();
    // The screens this channel owns; long content pages are the content issue's SMS paging.
    for (const text of ['bonjour', '1', 'aide', 'menu', 'STOP', 'START']) {
      for (const reply of twimlMessages((await post(WEBHOOK, sms(text))).text)) {
        const cost = smsCost(reply);
        expect(cost.encoding, reply).toBe('GSM-7');
        expect(cost.segments, `${reply}\n${JSON.stringify(cost)}`).toBeLessThanOrEqual(3);
      }
    }
    const wa = withParams(fixture('whatsapp-text'), { Body: '1', MessageSid: nextSid() });
    expect(twimlMessages((await post(WEBHOOK, wa)).text).join('\n')).toContain('français');
  });

  it('answers HELP and AIDE with how the line works and how to reach a person', async () => {
    const { post } = setup();
    await post(WEBHOOK, sms('1', '+15550100011'));
    const help = twimlMessages((await post(WEBHOOK, sms('AIDE', '+15550100011'))).text).join('\n');
    expect(help).toContain('STOP');
    expect(help).toMatch(/parler à une personne/);
  });
});

describe('opt-out', () => {
  const person = '+15550100020';

  it.each(['STOP', 'stop', 'ARRET', 'ARRÊT', 'Fin', 'UNSUBSCRIBE', 'dabila'])(
    '%s gets one confirmation, then silence until START',
    async (word) => {
      const { post } = setup();
      await post(WEBHOOK, sms('1', person));
      const confirmation = twimlMessages((await post(WEBHOOK, sms(word, person))).text);
      expect(confirmation).toHaveLength(1);
      expect(confirmation[0]).toMatch(/START/);
      for (const text of ['1', 'menu', 'AIDE', 'STOP', 'bonjour']) {
        expect((await post(WEBHOOK, sms(text, person))).text).toBe(EMPTY);
      }
      const back = twimlMessages((await post(WEBHOOK, sms('START', person))).text).join('\n');
      expect(back).toMatch(/Bon retour/);
      expect(back).toMatch(/\n1\. /); // and the menu
    },
  );

  it('before any language: STOP confirms in the first language, START asks the language', async () => {
    const { post } = setup();
    expect(twimlMessages((await post(WEBHOOK, sms('STOP', person))).text)).toHaveLength(1);
    const start = twimlMessages((await post(WEBHOOK, sms('START', person))).text).join('\n');
    expect(start).toMatch(/Choose your language/);
  });

  it('survives a restart: the opted-out state is in the stored record', async () => {
    const { post, deps, keyOf } = setup();
    await post(WEBHOOK, sms('STOP', person));
    const record = await deps.store.load(await keyOf(person));
    expect(record?.state).toBe('optedOut');
    const restarted = createApp(deps, { twilio }); // a new app on the same store
    const res = await restarted.request(twilioRequest(WEBHOOK, sms('1', person)));
    expect(await res.text()).toBe(EMPTY);
  });

  it('is respected by the outbox: queued replies (a hotline reply, a retry) are dropped', async () => {
    const sent: string[] = [];
    const { post, deps, keyOf, log } = setup();
    deps.senders.sms = createLocalSender((_to, m) => sent.push(m.kind));
    await post(WEBHOOK, sms('STOP', person));
    const key = await keyOf(person);
    const record = await deps.store.load(key);
    if (!record) throw new Error('no record');
    const queued = {
      id: 'hotline-1',
      message: { kind: 'text', text: 'x' } as const,
      attempts: 0,
      dueAt: 0,
    };
    await deps.store.save({ ...record, seq: record.seq + 1, outbox: [queued] }, record.seq);
    await deliver(deps, key);
    expect(sent).toEqual([]);
    expect((await deps.store.load(key))?.outbox).toEqual([]);
    expect(log.lines.some((l) => l.includes('"send.dropped"') && l.includes('opted_out'))).toBe(
      true,
    );
  });
});

describe('POST /webhooks/twilio/status', () => {
  it('keeps the most advanced status per message for the conversation', async () => {
    const { post, deps, keyOf } = setup();
    // Statuses belong to a conversation: the person wrote first.
    await post(WEBHOOK, fixture('sms-hello-accents'));
    const delivered = fixture('status-delivered');
    const sent = withParams(delivered, { MessageStatus: 'sent', SmsStatus: 'sent' });
    expect((await post(STATUS, delivered)).status).toBe(200);
    expect((await post(STATUS, sent)).status).toBe(200); // late, out of order
    const failed = fixture('status-undelivered-21610');
    expect((await post(STATUS, failed)).status).toBe(200);
    const record = await deps.store.load(await keyOf('+15550100001'));
    const ref = (sid: string) => providerRef(deps.pseudonymise, sid);
    expect(record?.deliveries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          providerId: await ref(`SM${'9'.repeat(32)}`),
          state: 'failed',
          error: { code: '21610' },
        }),
        expect.objectContaining({
          providerId: await ref(`SM${'8'.repeat(32)}`),
          state: 'delivered',
        }),
      ]),
    );
  });

  it('applies a status to a delivery saved when records kept the SID in clear', async () => {
    const { post, deps, keyOf } = setup();
    await post(WEBHOOK, fixture('sms-hello-accents'));
    const key = await keyOf('+15550100001');
    const record = await deps.store.load(key);
    const sid = `SM${'9'.repeat(32)}`;
    const old = { id: 'out-1', providerId: sid, state: 'sent' as const, at: 1 };
    await deps.store.save({ ...record!, seq: record!.seq + 1, deliveries: [old] }, record!.seq);
    expect((await post(STATUS, fixture('status-undelivered-21610'))).status).toBe(200);
    expect((await deps.store.load(key))?.deliveries).toEqual([
      {
        ...old,
        providerId: await providerRef(deps.pseudonymise, sid),
        state: 'failed',
        at: expect.any(Number),
        error: { code: '21610' },
      },
    ]);
  });

  it('logs codes and pseudonymous keys only', async () => {
    const { post, log } = setup();
    await post(WEBHOOK, fixture('sms-hello-accents'));
    await post(STATUS, fixture('status-undelivered-21610'));
    const all = log.lines.join('\n');
    expect(all).toContain('21610');
    expect(all).not.toMatch(/15550100001|Ségou|SM9999/);
  });

  it('refuses unsigned reports and malformed ones', async () => {
    const { post } = setup();
    expect((await post(STATUS, fixture('status-delivered'), { signature: null })).status).toBe(403);
    const odd = withParams(fixture('status-delivered'), { MessageStatus: 'exploded' });
    expect((await post(STATUS, odd)).status).toBe(400);
  });
});
