/**
 * The floor: a bare Hono app on @hono/node-server answering every POST with a fixed 200 (an
 * empty TwiML, what an SMS webhook answers at least). What this stack does on this machine with
 * no work at all; every scenario is read as a fraction of it. Serves on PORT until killed.
 *
 * FLOOR=signed makes it the edge instead: it also reads the body and checks Twilio's signature
 * with sira's own functions, the work no SMS webhook may skip, before the same answer.
 *
 * FLOOR=stored is the edge plus the least that a webhook answered 200 must have made durable,
 * through sira's own store (SQLite at SIRA_DB, or Redis at REDIS_URL, as `npm start` picks):
 * the message id claimed, so a redelivery is not handled twice, and one save of a conversation
 * record as sira saves one here, with its compare-and-set, under the sender's pseudonym (no
 * phone number in a key). No lock, no step, no second save. What is left between this and sira
 * is the pipeline's own cost (see bench/scenarios.ts).
 *
 * FLOOR=lean is the pipeline the speed issue lists, through sira's own code and store: verify,
 * parse, claim, lock, load, step (detection, rendering), save, TwiML; `receive` as the route
 * calls it, less what sira adds for the people it serves: the replies' exactly-once hand-over
 * to the response (in-band.ts: a second save), the daily metrics, the log line, the outbox
 * sweep. Its saves keep no outbox (the replies go only in the response, at most once), so no
 * record grows and none enters the due index. What is left between this and sira is mostly
 * the cost of those additions; the rest is sira's larger app around the route (its routing,
 * body limit, content-type check and error handler).
 *
 * FLOOR=bound is lean with the store's coordination free: every claim granted, nothing
 * confirmed, no lock (the load is a plain read; the save keeps its compare-and-set). Not a
 * correct pipeline (a redelivery would be stepped twice); a bound on what any arrangement of the
 * listed stages on this stack could reach, however its claim, lock and confirmation were folded
 * into the load and the save.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import * as z from 'zod';
import { parseInbound } from '../src/channels/twilio/parse';
import { TWIML_CONTENT_TYPE, twiml } from '../src/channels/twilio/twiml';
import { type FormParams, formParams, isSignedByTwilio } from '../src/channels/twilio/verify';
import { rawContent } from '../src/content/bundle';
import { compileContent } from '../src/content/compile';
import type { ConversationRecord } from '../src/core/record';
import { createNodeAddressCipher } from '../src/entry/node-address-cipher';
import { createNodePseudonymiser } from '../src/entry/node-pseudonym';
import { nodeDeps } from '../src/entry/node-deps';
import { openNodeStore } from '../src/entry/node-store';
import { type Config, loadConfig } from '../src/runtime/config';
import { receive } from '../src/runtime/inbound';
import { createLogger } from '../src/runtime/log';
import { signedUrl, statusCallbackUrl } from '../src/runtime/routes/twilio';
import { claimDigest } from '../src/store/claim-digest';
import type { ConversationStore } from '../src/store/store';
import { idleRecord } from './core';

/** sira's own answer with no reply, built once: the floor does no work per request. */
const EMPTY_TWIML = twiml([]);
/** Set by bench/scenarios.ts for every floor it starts, so a FLOOR in the shell changes nothing. */
const mode = z.enum(['bare', 'signed', 'stored', 'lean', 'bound']).parse(process.env.FLOOR);
const authToken = process.env.TWILIO_AUTH_TOKEN ?? '';

const remember = mode === 'stored' ? await storing(loadConfig(process.env)) : null;
const answer =
  mode === 'lean' || mode === 'bound' ? await leanPipeline(loadConfig(process.env)) : null;

const app = new Hono()
  .get('/healthz', (c) => c.json({ status: 'ok' }))
  .post('*', async (c) => {
    if (mode !== 'bare') {
      const params = formParams(new TextDecoder().decode(await c.req.arrayBuffer()));
      const url = signedUrl(c.req.url, process.env.PUBLIC_URL);
      if (!isSignedByTwilio(authToken, c.req.header('x-twilio-signature'), url, params)) {
        return c.json({ error: 'forbidden' }, 403);
      }
      if (answer) return c.body(await answer(params), 200, { 'content-type': TWIML_CONTENT_TYPE });
      if (remember && !(await remember(String(params.MessageSid), String(params.From)))) {
        return c.json({ error: 'duplicate' }, 409);
      }
    }
    return c.body(EMPTY_TWIML, 200, { 'content-type': TWIML_CONTENT_TYPE });
  });

/**
 * What FLOOR=stored does per message: claim its id for as long as sira remembers handled ids,
 * then save its sender's record; false for an id claimed before. Each sender's last seq is kept
 * in memory instead of loading the record.
 */
async function storing(config: Config) {
  const { store, secret } = await openedStore(config);
  const pseudonymise = createNodePseudonymiser(secret);
  const template = await savedRecord(secret);
  const seqs = new Map<string, number>();
  return async (messageId: string, from: string): Promise<boolean> => {
    if (!(await store.claim(`sms:${messageId}`, config.retention.claimMs))) return false;
    const key = await pseudonymise(`sms:${from}`);
    const seq = seqs.get(key) ?? 0;
    const expiresAt = Date.now() + config.retention.conversationMs;
    await store.save({ ...template, key, seq: seq + 1, expiresAt }, seq);
    seqs.set(key, seq + 1);
    return true;
  };
}

/**
 * What FLOOR=lean does per message: sira's `receive`, with no metrics and a store whose saves
 * drop the outbox; the TwiML, as sira's route writes it. FLOOR=bound: the same with the store's
 * coordination cut out too.
 */
async function leanPipeline(config: Config) {
  const { store, secret, log } = await openedStore(config);
  const statusCallback = statusCallbackUrl(config.publicUrl);
  const lean = withoutOutbox(store);
  const deps = nodeDeps({ ...config, secret }, mode === 'bound' ? uncoordinated(lean) : lean, log);
  return async (params: FormParams): Promise<string> => {
    const receipt = await receive(deps, parseInbound(params, Date.now()));
    return twiml(
      receipt.pending.map((item) => item.message),
      statusCallback,
    );
  };
}

/** sira's store as `npm start` opens it, its secret, and a logger that writes nothing. */
async function openedStore(config: Config) {
  const log = createLogger(() => {});
  return { store: await openNodeStore(config.store, log), secret: config.secret ?? '', log };
}

/** `store`, saving records without their outbox: replies that only the response carries. */
function withoutOutbox(store: ConversationStore): ConversationStore {
  return { ...store, save: (record, seq) => store.save({ ...record, outbox: [] }, seq) };
}

/** `store` with no claim, confirmation or lock: what FLOOR=bound measures without (see above). */
function uncoordinated(store: ConversationStore): ConversationStore {
  return {
    ...store,
    claim: async () => true,
    confirm: async () => {},
    withLock: (_key, fn) => fn(),
  };
}

/**
 * A record as sira saves one in this bench, built once: in the main menu, its address sealed,
 * the number written to, and the ids of the few messages a sender sends in a run.
 */
async function savedRecord(secret: string): Promise<ConversationRecord> {
  const from = '+15550100001';
  const address = await createNodeAddressCipher(secret).seal('k', from);
  const seen = ['SM1', 'SM2', 'SM3'].map((id) => claimDigest(`sms:${id}`));
  return { ...idleRecord('', compileContent(rawContent), address), via: '+15550109999', seen };
}

serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' });
// Exit on the harness's stop, so that a CPU profile (BENCH_PROFILE) is written.
process.once('SIGTERM', () => process.exit(0));
