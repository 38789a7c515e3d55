import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import frCommon from '../../locales/fr/common.json' with { type: 'json' };
import { StoreError } from '../../src/core/errors';
import { RETRY_FOR_MS, sweep } from '../../src/runtime/deliver';
import { providerRef } from '../../src/runtime/pseudonym';
import { createMemoryStore } from '../../src/store/memory';
import { type FakeGraph, startFakeGraph } from '../helpers/fake-graph';
import { fixture, fixtureNames, signMeta } from '../helpers/meta';
import { failingLocks } from '../helpers/runtime';
import { APP_SECRET, startWhatsAppApp, VERIFY_TOKEN } from '../helpers/whatsapp-app';

const AWA = '15550100101';
type Harness = Awaited<ReturnType<typeof startWhatsAppApp>>;

let graph: FakeGraph;
let apps: Harness[] = [];
const start = async (options: Omit<Parameters<typeof startWhatsAppApp>[0], 'graph'> = {}) => {
  const app = await startWhatsAppApp({ graph, ...options });
  apps.push(app);
  return app;
};
beforeEach(async () => {
  graph = await startFakeGraph();
});
afterEach(async () => {
  await Promise.all(apps.map((a) => a.close()));
  apps = [];
  await graph.close();
});

const toAwa = () => graph.sends().filter((r) => r.body.to === `+${AWA}`);

describe('GET /webhooks/whatsapp (verification)', () => {
  it('echoes the challenge for the right token, and refuses anything else with 403', async () => {
    const app = await start();
    const get = (query: string) => fetch(`${app.webhook}?${query}`);
    const ok = await get(
      `hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`,
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    for (const query of [
      'hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1',
      `hub.mode=unsubscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`,
      `hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}`,
      '',
    ]) {
      expect((await get(query)).status).toBe(403);
    }
  });
});

describe('POST /webhooks/whatsapp: signature', () => {
  it('rejects a missing or wrong signature with 401 and no side effect', async () => {
    const app = await start();
    const body = fixture('text');
    const good = await signMeta(body, APP_SECRET);
    const flippedHex = good.slice(0, -1) + (good.endsWith('0') ? '1' : '0');
    const cases: (string | null)[] = [
      null,
      '',
      'sha256=',
      await signMeta(body, 'another-secret'),
      flippedHex,
      good.replace('sha256=', 'sha1='),
      good.toUpperCase(),
      `${good}00`,
    ];
    for (const signature of cases) {
      const response = await app.post(body, signature);
      expect(response.status, String(signature)).toBe(401);
    }
    // One changed byte in the body, with the original signature.
    expect((await app.post(body.replace('Bamako', 'Bamakp'), good)).status).toBe(401);
    await app.idle();
    expect(await app.deps.store.load(await app.key(AWA))).toBeNull();
    expect(graph.requests).toHaveLength(0);
    expect(app.log.lines.join('\n')).not.toContain(AWA);
  });

  it('accepts bodies with \\u00e9 and \\/ escapes, signed over the raw bytes', async () => {
    const app = await start();
    const body = fixture('text');
    expect(body).toContain('\\u00e9');
    expect(body).toContain('\\/');
    expect((await app.post(body)).status).toBe(200);
  });
});

describe('POST /webhooks/whatsapp: bad input', () => {
  it('answers 400 to malformed JSON and to JSON that is not a Cloud API envelope', async () => {
    const app = await start();
    for (const body of ['{"object":', 'null', '[]', '{}', '{"object":"page","entry":[]}']) {
      expect((await app.post(body)).status, body).toBe(400);
    }
    const noEntries = '{"object":"whatsapp_business_account","entry":[{"changes":[{"value":{}}]}]}';
    expect((await app.post(noEntries)).status).toBe(400);
  });

  it('answers 200 and a friendly reply to a well-formed message of an unknown type', async () => {
    const app = await start();
    await app.post(fixture('interactive-button-reply')); // picks French
    await app.idle();
    const before = toAwa().length;
    expect((await app.post(fixture('unknown-type'))).status).toBe(200);
    await app.idle();
    const replies = JSON.stringify(
      toAwa()
        .slice(before)
        .map((r) => r.body),
    );
    expect(replies).toContain(JSON.stringify(frCommon.cannot_read).slice(1, -1));
  });

  it('answers 503 when the store is down, so Meta retries, and sends nothing', async () => {
    const store = createMemoryStore();
    const app = await start({
      store: {
        ...store,
        claim: () => Promise.reject(new StoreError('unavailable', 'down')),
      },
    });
    expect((await app.post(fixture('text'))).status).toBe(503);
    await app.idle();
    expect(graph.requests).toHaveLength(0);
  });
});

describe('POST /webhooks/whatsapp: every fixture, twice', () => {
  const messages = fixtureNames().filter((n) => !n.startsWith('status-') && n !== 'batch');

  it.each(messages)('%s: 200 twice, replies once', async (name) => {
    const app = await start();
    const body = fixture(name);
    expect((await app.post(body)).status).toBe(200);
    await app.idle();
    const once = graph.sends().length;
    expect(once).toBeGreaterThan(0);
    expect((await app.post(body)).status).toBe(200);
    await app.idle();
    expect(graph.sends()).toHaveLength(once);
    expect(graph.accepted()).toHaveLength(once);
  });

  it('replies once when the same message arrives five times at once', async () => {
    const app = await start();
    const body = fixture('text');
    const statuses = await Promise.all([1, 2, 3, 4, 5].map(() => app.post(body)));
    // Copies that arrive while the first is being handled get 503: Meta retries them later.
    expect(statuses.every((r) => r.status === 200 || r.status === 503)).toBe(true);
    expect(statuses.some((r) => r.status === 200)).toBe(true);
    expect((await app.post(body)).status).toBe(200);
    await app.idle();
    await sweep(app.deps);
    expect(graph.sends()).toHaveLength(1);
  });

  it.each(fixtureNames().filter((n) => n.startsWith('status-')))('%s: 200 twice', async (name) => {
    const app = await start();
    expect((await app.post(fixture(name))).status).toBe(200);
    expect((await app.post(fixture(name))).status).toBe(200);
  });

  it('marks each new message read', async () => {
    const app = await start();
    await app.post(fixture('text'));
    await app.idle();
    const reads = graph.requests.filter((r) => r.body.status === 'read');
    expect(reads.map((r) => r.body.message_id)).toEqual(['wamid.fixture.text']);
  });
});

describe('POST /webhooks/whatsapp: batches', () => {
  it('handles every entry, change and message, in order per person', async () => {
    const app = await start();
    expect((await app.post(fixture('batch'))).status).toBe(200);
    await app.idle();
    const recipients = new Set(graph.sends().map((r) => r.body.to));
    expect(recipients).toEqual(new Set(['+15550100101', '+15550100102', '+15550100103']));
    for (const from of ['15550100101', '15550100102', '15550100103']) {
      expect(await app.deps.store.load(await app.key(from))).not.toBeNull();
    }
    // Awa wrote "Bonjour" then "français": the second reply is the French one.
    const awa = toAwa().map((r) => JSON.stringify(r.body));
    expect(awa.length).toBeGreaterThanOrEqual(2);
    expect(awa.at(-1)).not.toEqual(awa[0]);
    // A redelivered batch changes nothing.
    const sent = graph.sends().length;
    await app.post(fixture('batch'));
    await app.idle();
    expect(graph.sends()).toHaveLength(sent);
  });

  it('answers every good message of a batch that carries malformed updates, and counts those', async () => {
    const app = await start();
    const body = JSON.parse(fixture('batch'));
    const value = body.entry[0].changes[0].value;
    value.messages.push({ from: '15550100104', id: 'wamid.batch.bad', type: 'text' }); // no time
    value.statuses = [
      { id: 'wamid.x', status: 'failed', timestamp: '1763900060', errors: [{ code: 'n/a' }] },
    ];
    expect((await app.post(JSON.stringify(body))).status).toBe(200);
    await app.idle();
    const recipients = new Set(graph.sends().map((r) => r.body.to));
    expect(recipients).toEqual(new Set(['+15550100101', '+15550100102', '+15550100103']));
    expect(app.log.lines.join('\n')).toContain(
      '"event":"webhook.dropped","channel":"whatsapp","count":2',
    );
  });
});

describe('statuses', () => {
  it('record sent, then delivered and read, whatever order they come in', async () => {
    const app = await start();
    await app.post(fixture('text'));
    await app.idle();
    const key = await app.key(AWA);
    const deliveries = async () => (await app.deps.store.load(key))?.deliveries ?? [];
    // Kept as a pseudonym: a wamid spells out the phone number.
    const providerId = await providerRef(app.deps.pseudonymise, 'wamid.fake.1');
    expect(await deliveries()).toMatchObject([{ providerId, state: 'sent' }]);
    await app.post(fixture('status-read'));
    await app.post(fixture('status-delivered'));
    await app.post(fixture('status-sent'));
    expect(await deliveries()).toMatchObject([{ providerId, state: 'read' }]);
  });

  it('record a failure with Meta’s code, for the hotline to see', async () => {
    const app = await start();
    await app.post(fixture('text'));
    await app.idle();
    await app.post(fixture('status-failed'));
    const record = await app.deps.store.load(await app.key(AWA));
    expect(record?.deliveries).toMatchObject([
      {
        providerId: await providerRef(app.deps.pseudonymise, 'wamid.fake.1'),
        state: 'failed',
        error: { code: '131047' },
      },
    ]);
  });

  it('take a reply out of the outbox when its status overtakes our own bookkeeping', async () => {
    const app = await start({ background: false });
    await app.post(fixture('text'));
    const key = await app.key(AWA);
    const item = (await app.deps.store.load(key))?.outbox[0];
    expect(item).toBeDefined();
    // Meta accepted the send and told us so, but we stopped before recording it.
    const status = fixture('status-sent').replace(
      '6f1c2a4e-0d5b-4c1e-9a7f-000000000001',
      item?.id ?? '',
    );
    expect((await app.post(status)).status).toBe(200);
    expect((await app.deps.store.load(key))?.outbox).toEqual([]);
    await sweep(app.deps);
    expect(graph.sends()).toHaveLength(0);
  });
});

describe('exactly once across a crash', () => {
  it('sends a reply saved before a crash once, after restart', async () => {
    const store = createMemoryStore();
    const crashed = await start({ store, background: false });
    expect((await crashed.post(fixture('text'))).status).toBe(200);
    expect(graph.sends()).toHaveLength(0);
    await crashed.close();

    const restarted = await start({ store });
    expect(await sweep(restarted.deps)).toBe(1);
    expect(graph.sends()).toHaveLength(1);
    // Meta redelivers the message it never saw acknowledged: still one reply.
    await restarted.post(fixture('text'));
    await restarted.idle();
    await sweep(restarted.deps);
    expect(graph.sends()).toHaveLength(1);
  });

  it('never lets a sweep send a reply that is already in flight', async () => {
    const clock = { now: Date.now() };
    const app = await start({ clock });
    graph.delayMs = 300;
    await app.post(fixture('text'));
    // The background delivery is waiting on the slow Graph API; a sweep runs meanwhile.
    await new Promise((r) => setTimeout(r, 50));
    clock.now += 5_000;
    await sweep(app.deps);
    await app.idle();
    expect(graph.sends()).toHaveLength(1);
  });
});

describe('retries', () => {
  const retried = [
    { label: 'throughput 130429 (HTTP 400)', fault: { status: 400, code: 130429 } },
    { label: 'pair rate 131056 (HTTP 400)', fault: { status: 400, code: 131056 } },
    { label: 'unknown 131000 (HTTP 500)', fault: { status: 500, code: 131000 } },
    { label: 'a bare 503', fault: { status: 503 } },
    { label: 'an expired token 190 (HTTP 401)', fault: { status: 401, code: 190 } },
    { label: 'a lost permission 200 (HTTP 403)', fault: { status: 403, code: 200 } },
    { label: 'a timeout', fault: { delayMs: 500 } },
  ];

  it.each(retried)('retries $label with backoff from the outbox', async ({ fault }) => {
    const clock = { now: Date.now() };
    const app = await start({ clock, sendTimeoutMs: 200 });
    graph.failNext(fault);
    await app.post(fixture('text'));
    await app.idle();
    const key = await app.key(AWA);
    const [item] = (await app.deps.store.load(key))?.outbox ?? [];
    expect(item?.attempts).toBe(1);
    expect(item?.dueAt).toBeGreaterThan(clock.now);
    await sweep(app.deps);
    expect(graph.accepted()).toHaveLength(0); // not before its time
    clock.now = (item?.dueAt ?? 0) + 1;
    await sweep(app.deps);
    expect(graph.accepted()).toHaveLength(1);
    expect((await app.deps.store.load(key))?.outbox).toEqual([]);
  });

  it('sends a reply once when recording it fails for a moment after Meta accepted it', async () => {
    const clock = { now: Date.now() };
    const store = createMemoryStore({ now: () => clock.now });
    // Lock 1 receives, lock 2 leases the reply, lock 3 records it sent: that one fails.
    const flaky = failingLocks(store, (lock) => lock === 3);
    const app = await start({ store: flaky.store, clock });
    await app.post(fixture('text'));
    await app.idle();
    expect(graph.accepted()).toHaveLength(1);
    clock.now += 60_000;
    await sweep(app.deps);
    expect(graph.accepted()).toHaveLength(1);
    const record = await store.load(await app.key(AWA));
    expect(record?.outbox).toEqual([]);
    expect(record?.deliveries).toMatchObject([{ state: 'sent' }]);
  });

  it('stops trying to record a send once its lease is over, and leaves it to the lease', async () => {
    const clock = { now: Date.now() };
    const store = createMemoryStore({ now: () => clock.now });
    // From lock 3 on (recording the send) the store is down, each try taking 10 s to say so.
    const down = failingLocks(
      store,
      (lock) => lock >= 3,
      () => {
        clock.now += 10_000;
      },
    );
    const app = await start({ store: down.store, clock });
    await app.post(fixture('text'));
    await app.idle();
    expect(graph.accepted()).toHaveLength(1);
    // The lease of one reply is 12 s: the try at 10 s is followed by one more, not by three.
    expect(down.locks() - 2).toBe(2);
    expect(app.log.lines.join('\n')).toContain('"event":"deliver.failed"');
  });

  /** Sweep at each retry's time until the reply leaves the outbox; how long that took. */
  async function retryUntilSettled(app: Harness, clock: { now: number }): Promise<number> {
    const started = clock.now;
    await app.post(fixture('text'));
    await app.idle();
    const key = await app.key(AWA);
    for (;;) {
      const [item] = (await app.deps.store.load(key))?.outbox ?? [];
      if (!item) return clock.now - started;
      clock.now = item.dueAt + 1;
      await sweep(app.deps);
    }
  }

  it('keeps retrying for hours while the token is expired, and sends once it is renewed', async () => {
    const clock = { now: Date.now() };
    const app = await start({ clock });
    graph.failNext(...Array.from({ length: 40 }, () => ({ status: 401, code: 190 })));
    const took = await retryUntilSettled(app, clock);
    expect(took).toBeGreaterThan(2 * 3_600_000);
    expect(graph.accepted()).toHaveLength(1);
    const record = await app.deps.store.load(await app.key(AWA));
    expect(record?.deliveries).toMatchObject([{ state: 'sent' }]);
  });

  it('gives a reply up a day after its first failure, and records it failed', async () => {
    const clock = { now: Date.now() };
    const app = await start({ clock });
    graph.failNext(...Array.from({ length: 400 }, () => ({ status: 500, code: 131000 })));
    const took = await retryUntilSettled(app, clock);
    expect(took).toBeGreaterThanOrEqual(RETRY_FOR_MS);
    expect(took).toBeLessThan(RETRY_FOR_MS + 11 * 60_000);
    expect(graph.accepted()).toHaveLength(0);
    const record = await app.deps.store.load(await app.key(AWA));
    expect(record?.deliveries).toMatchObject([
      { state: 'failed', error: { code: '131000', title: 'provider_unavailable' } },
    ]);
  });

  it('does not retry a permanent error and records it', async () => {
    const clock = { now: Date.now() };
    const app = await start({ clock });
    graph.failNext({ status: 400, code: 131047 });
    await app.post(fixture('text'));
    await app.idle();
    clock.now += 24 * 3_600_000;
    await sweep(app.deps);
    expect(graph.sends()).toHaveLength(1);
    const record = await app.deps.store.load(await app.key(AWA));
    expect(record?.outbox).toEqual([]);
    expect(record?.deliveries).toMatchObject([
      { state: 'failed', error: { code: '131047', title: 'outside_window' } },
    ]);
    expect(app.log.lines.join('\n')).toContain('"providerCode":"131047"');
  });
});
