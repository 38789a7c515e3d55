/**
 * The Worker answers the same signed webhooks as Node. Inside workerd, one script of real
 * provider requests (signed as Meta and Twilio sign them) goes to two targets: the deployed
 * Worker (src/entry/worker.ts: Durable Object store, waitUntil) and the app as Node builds it
 * (the same createApp over the memory store). Statuses, TwiML and what reaches the Graph API
 * must match, redeliveries included; an escalation lands in each target's hotline queue.
 */
import { env } from 'cloudflare:workers';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAddressCipher } from '../../src/runtime/address-cipher';
import { createApp } from '../../src/runtime/app';
import { depsFromConfig } from '../../src/runtime/deps-from-config';
import { createLogger } from '../../src/runtime/log';
import { createDurableObjectStore } from '../../src/store/durable-object';
import { createMemoryStore } from '../../src/store/memory';
import type { ConversationStore } from '../../src/store/store';
import { signMeta } from '../helpers/meta';
import { whatsappTextBody } from '../helpers/whatsapp-body';
import { workerConfig, workerFetch } from './worker-helpers';

const config = workerConfig();
const BASE = 'https://sira.example.org';

/** What the fake Graph API and Twilio REST received, per recipient. */
const outbound: { to: string; body: Record<string, unknown> }[] = [];
const realFetch = globalThis.fetch;

beforeAll(() => {
  // The Worker and its objects run in this isolate: its senders' fetch reaches these fakes.
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    if (request.url.startsWith(config.whatsapp?.graphUrl ?? '-')) {
      const body = (await request.json()) as Record<string, unknown>;
      if (body.status === 'read') return Response.json({ success: true });
      outbound.push({ to: String(body.to), body });
      return Response.json({ messages: [{ id: `wamid.fake.${outbound.length}` }] });
    }
    if (request.url.startsWith(config.twilio?.apiUrl ?? '-')) {
      const params = Object.fromEntries(new URLSearchParams(await request.text()));
      outbound.push({ to: String(params.To), body: params });
      return Response.json({ sid: `SM${outbound.length}`, status: 'queued' }, { status: 201 });
    }
    return realFetch(input, init);
  });
});
afterAll(() => vi.unstubAllGlobals());

interface Target {
  name: string;
  store: ConversationStore;
  /** Answer one request and wait for the work it left after its response. */
  send(request: Request): Promise<Response>;
}

function workerTarget(): Target {
  return {
    name: 'worker',
    store: createDurableObjectStore(env),
    send: workerFetch,
  };
}

function nodeTarget(): Target {
  const store = createMemoryStore();
  const deps = depsFromConfig(
    { ...config, secret: config.secret as string },
    store,
    createLogger(() => {}),
  );
  const pending: Promise<void>[] = [];
  const app = createApp(deps, { ...config, defer: (work) => void pending.push(work()) });
  return {
    name: 'node',
    store,
    async send(request) {
      const response = await app.fetch(request);
      await Promise.all(pending.splice(0));
      return response;
    },
  };
}

let sid = 0;
const whatsappText = (from: string, id: string, text: string) =>
  whatsappTextBody(from, id, text, 1_790_000_000_000 + ++sid * 1000);

async function metaPost(body: string, signed = true): Promise<Request> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'content-length': String(new TextEncoder().encode(body).length),
  };
  if (signed)
    headers['x-hub-signature-256'] = await signMeta(body, config.whatsapp?.appSecret ?? '');
  return new Request(`${BASE}/webhooks/whatsapp`, { method: 'POST', headers, body });
}

function twilioPost(params: Record<string, string>, token = config.twilio?.authToken ?? '') {
  const url = `${BASE}/webhooks/twilio`;
  return new Request(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': getExpectedTwilioSignature(token, url, params),
    },
    body: new URLSearchParams(params).toString(),
  });
}

/** One person's session, as both targets see it; returns what each step produced. */
async function script(target: Target, person: string) {
  const wa = person.replace('+', '');
  const steps: { status: number; body: string; sent: unknown[] }[] = [];
  const run = async (request: Request | Promise<Request>) => {
    const before = outbound.length;
    const response = await target.send(await request);
    const sent = outbound
      .slice(before)
      .filter((o) => o.to.replace('+', '') === wa)
      .map(({ body }) => {
        // Our outbox ids and the recipient differ between targets; the rest must not.
        const { biz_opaque_callback_data: _, to: __, To: ___, ...rest } = body;
        return rest;
      });
    steps.push({ status: response.status, body: await response.text(), sent });
  };
  const verify = `${BASE}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${config.whatsapp?.verifyToken}&hub.challenge=1158201444`;
  await run(new Request(verify));
  await run(metaPost(whatsappText(wa, `wamid.${target.name}.1`, 'Bonjour'), false));
  await run(metaPost(whatsappText(wa, `wamid.${target.name}.1`, 'Bonjour')));
  await run(metaPost(whatsappText(wa, `wamid.${target.name}.1`, 'Bonjour'))); // redelivery
  await run(metaPost(whatsappText(wa, `wamid.${target.name}.2`, '1')));
  await run(metaPost(whatsappText(wa, `wamid.${target.name}.3`, 'au secours')));
  const sms = (n: number, Body: string) => ({
    MessageSid: `SM${target.name === 'node' ? 'a' : 'b'}${String(n).padStart(31, '0')}`,
    AccountSid: config.twilio?.accountSid ?? '',
    From: person,
    To: '+15550109999',
    Body,
    NumMedia: '0',
  });
  await run(twilioPost(sms(1, 'salut')));
  await run(twilioPost(sms(1, 'salut'))); // redelivery: its replies went out in the first TwiML
  await run(twilioPost(sms(2, '2')));
  await run(twilioPost(sms(3, 'x'), 'not-the-auth-token'));
  return steps;
}

describe('the Worker and Node answer the same webhooks', () => {
  it('gives the same statuses, TwiML and sends, and queues the same escalation', async () => {
    const node = nodeTarget();
    const cloud = workerTarget();
    const fromNode = await script(node, '+15550100101');
    const fromWorker = await script(cloud, '+15550100102');

    expect(fromWorker.map((s) => s.status)).toEqual([
      200, 401, 200, 200, 200, 200, 200, 200, 200, 403,
    ]);
    expect(fromWorker).toEqual(fromNode);
    // Replies really went out: a text for the first message, none for its redelivery.
    expect(fromWorker[2]?.sent.length).toBeGreaterThan(0);
    expect(fromWorker[3]?.sent).toEqual([]);
    expect(fromWorker[6]?.body).toContain('<Message');
    expect(fromWorker[7]?.body).not.toContain('<Message');

    for (const target of [node, cloud]) {
      const person = target === node ? '+15550100101' : '+15550100102';
      const queued = await target.store.handoffs(100);
      // Records keep the address sealed; both targets seal with the same configured secret.
      const cipher = createAddressCipher(config.secret as string);
      const opened = await Promise.all(
        queued.map((r) => cipher.open(r.key, r.address).catch(() => '')),
      );
      const mine = queued.filter((_, i) => opened[i]?.replace('+', '') === person.replace('+', ''));
      expect(mine, target.name).toHaveLength(1);
      expect(mine[0]?.ctx.handoff?.category, target.name).toBe('danger');
    }
  }, 60_000);
});
