/**
 * Two `npm start` instances on one Redis, one of them killed with SIGKILL (issue 8's proofs),
 * over real HTTP with signed WhatsApp webhooks and a local Graph API:
 *
 * 1. killed between storing a reply and sending it: the other instance sends it, once, when
 *    the dead one's lease on it ends;
 * 2. killed right after acknowledging a message in distress: the escalation is in the hotline
 *    queue, once, and its safe reply is sent, once, by the other instance.
 *
 * The fake Graph API holds every send open (never answers) until the kill, so nothing the
 * killed instance sent reached the person, wherever its background delivery had got to. Meta
 * has no idempotency key: a send that completed before a kill, with its settlement lost, would
 * go out again (the window deliver.ts describes); that window is not what these tests probe.
 * Only sends answered with a message id count as received.
 *
 * In (2) the kill lands wherever the instance's background delivery has got to, so the safe
 * reply goes out after one of three waits: at the next sweep when it was not leased yet; when
 * the lease ends (LEASE_PER_REPLY_MS) when it was; and when the lock expires (the Redis store's
 * LOCK_TTL_MS, 30 s) when the instance died holding the conversation's lock, taken to lease or
 * to settle: the survivor cannot touch the conversation before.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { LEASE_PER_REPLY_MS } from '../src/runtime/deliver';
import { createPseudonymiser } from '../src/runtime/pseudonym';
import { createRedisStore, LOCK_TTL_MS } from '../src/store/redis';
import type { ConversationStore } from '../src/store/store';
import { type FakeGraph, startFakeGraph } from './helpers/fake-graph';
import { SECRET, startInstance } from './helpers/instances';
import { pollUntil } from './helpers/poll';
import { REDIS_URL, redisReady, testPrefix } from './helpers/redis';
import { whatsappTextBody } from './helpers/whatsapp-body';
import { postWhatsApp, whatsappEnv } from './helpers/whatsapp-instance';

const ready = await redisReady();
const graphs: FakeGraph[] = [];
const stores: ConversationStore[] = [];

// The prefixes' keys are removed after the file by the instances helper (instances.ts).
afterAll(async () => {
  for (const store of stores) await store.close();
  for (const graph of graphs) await graph.close();
});

/** Two instances on a key prefix of their own, their Graph API holding every send. */
async function deployment() {
  const prefix = testPrefix();
  const graph = await startFakeGraph();
  graphs.push(graph);
  graph.hold = true;
  const env = { ...whatsappEnv(graph.url), REDIS_URL, SIRA_REDIS_PREFIX: prefix };
  const [doomed, survivor] = await Promise.all([startInstance(env), startInstance(env)]);
  // A third look at the same Redis, as the hotline console has.
  const store = await createRedisStore({ url: REDIS_URL, prefix });
  stores.push(store);
  const sent = () => graph.accepted().map((r) => String(r.body.biz_opaque_callback_data));
  return { graph, doomed, survivor, store, sent };
}

const keyOf = (from: string) => createPseudonymiser(SECRET)(`whatsapp:${from}`);
/** Two sweep rounds (one a second): time enough for a second send, if there were one. */
const twoSweeps = () => new Promise((r) => setTimeout(r, 2_500));

describe.skipIf(!ready).concurrent('an instance killed with SIGKILL, on Redis', () => {
  it('between storing a reply and sending it: the other instance sends it once', async () => {
    const { graph, doomed, survivor, store, sent } = await deployment();
    const from = '15550100321';
    const response = await postWhatsApp(
      doomed.url,
      whatsappTextBody(from, 'wamid.kill.send.1', 'bonjour', Date.now()),
    );
    expect(response.status).toBe(200);
    // It stored the reply, leased it and began sending it: that request is held unanswered.
    await pollUntil(() => graph.held().length > 0, 10_000);
    expect(graph.held()).toHaveLength(1);
    doomed.child.process.kill('SIGKILL');
    expect(await doomed.child.exited).toBe('SIGKILL');
    graph.hold = false;

    const stored = await store.load(await keyOf(from));
    const replies = stored?.outbox.map((item) => item.id) ?? [];
    expect(replies.length).toBeGreaterThan(0);
    expect(graph.held()[0]?.body.biz_opaque_callback_data).toBe(replies[0]);
    expect(sent()).toEqual([]);

    // The survivor's sweep picks the replies up when the dead instance's lease on them ends.
    await pollUntil(
      () => sent().length >= replies.length,
      LEASE_PER_REPLY_MS * replies.length + 5_000,
    );
    await twoSweeps();
    expect(sent()).toEqual(replies);
    expect(graph.accepted().every((r) => r.body.to === `+${from}`)).toBe(true);
    const after = await store.load(await keyOf(from));
    expect(after?.outbox).toEqual([]);
    expect(after?.deliveries?.filter((d) => replies.includes(d.id)).map((d) => d.state)).toEqual(
      replies.map(() => 'sent'),
    );
    expect(survivor.child.process.exitCode).toBeNull();
  }, 60_000);

  it('right after acknowledging an escalation: it is queued once, its reply sent once', async () => {
    const { graph, doomed, survivor, store, sent } = await deployment();
    const from = '15550100322';
    const body = whatsappTextBody(from, 'wamid.kill.escalation.2', 'au secours', Date.now());
    const response = await postWhatsApp(doomed.url, body);
    expect(response.status).toBe(200);
    doomed.child.process.kill('SIGKILL');
    expect(await doomed.child.exited).toBe('SIGKILL');
    graph.hold = false;

    const key = await keyOf(from);
    const queued = await store.handoffs(100);
    expect(queued.map((r) => r.key)).toEqual([key]);
    expect(queued[0]?.ctx.handoff?.category).toBe('danger');
    const replies = queued[0]?.outbox.map((item) => item.id) ?? [];
    expect(replies.length).toBeGreaterThan(0);

    // Meta may deliver a webhook again even after a 200: the survivor gets the copy.
    const again = await postWhatsApp(survivor.url, body);
    expect(again.status).toBe(200);

    // Where the kill landed decides when: before the lease, at once; after it, when the lease
    // ends; while holding the conversation's lock, when the lock expires (see the header).
    await pollUntil(
      () => sent().length >= replies.length,
      LOCK_TTL_MS + LEASE_PER_REPLY_MS * replies.length + 5_000,
    );
    await twoSweeps();
    expect(sent()).toEqual(replies);
    expect(graph.accepted().every((r) => r.body.to === `+${from}`)).toBe(true);
    // Sending the safe reply does not take the escalation off the queue: a worker does.
    const still = await store.handoffs(100);
    expect(still.map((r) => r.key)).toEqual([key]);
    expect(still[0]?.outbox).toEqual([]);
    expect(survivor.child.process.exitCode).toBeNull();
  }, 90_000);
});
