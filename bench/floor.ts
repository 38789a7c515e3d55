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
 * record of the usual size with its compare-and-set, under the sender's pseudonym (no phone
 * number in a key). No lock, no step, no second save. What is
 * left between this and sira is the pipeline's own cost (see bench/scenarios.ts).
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { TWIML_CONTENT_TYPE, twiml } from '../src/channels/twilio/twiml';
import { formParams, isSignedByTwilio } from '../src/channels/twilio/verify';
import { rawContent } from '../src/content/bundle';
import { compileContent } from '../src/content/compile';
import { createNodePseudonymiser } from '../src/entry/node-pseudonym';
import { openNodeStore } from '../src/entry/node-store';
import { type Config, loadConfig } from '../src/runtime/config';
import { PROCESSING_CLAIM_MS } from '../src/runtime/inbound';
import { createLogger } from '../src/runtime/log';
import { signedUrl } from '../src/runtime/routes/twilio';
import { idleRecord } from './core';

/** sira's own answer with no reply, built once: the floor does no work per request. */
const EMPTY_TWIML = twiml([]);
const mode = process.env.FLOOR;
const authToken = process.env.TWILIO_AUTH_TOKEN ?? '';
const DAY_MS = 86_400_000;

const remember = mode === 'stored' ? await storing(loadConfig(process.env)) : null;

const app = new Hono()
  .get('/healthz', (c) => c.json({ status: 'ok' }))
  .post('*', async (c) => {
    if (mode) {
      const params = formParams(new TextDecoder().decode(await c.req.arrayBuffer()));
      const url = signedUrl(c.req.url, process.env.PUBLIC_URL);
      if (!isSignedByTwilio(authToken, c.req.header('x-twilio-signature'), url, params)) {
        return c.json({ error: 'forbidden' }, 403);
      }
      if (remember && !(await remember(String(params.MessageSid), String(params.From)))) {
        return c.json({ error: 'duplicate' }, 409);
      }
    }
    return c.body(EMPTY_TWIML, 200, { 'content-type': TWIML_CONTENT_TYPE });
  });

/**
 * What FLOOR=stored does per message: claim its id, then save its sender's record; false for an
 * id claimed before. Each sender's last seq is kept in memory instead of loading the record.
 */
async function storing(config: Config) {
  const store = await openNodeStore(
    config.store,
    createLogger(() => {}),
  );
  const pseudonymise = createNodePseudonymiser(config.secret ?? '');
  const template = idleRecord('', compileContent(rawContent));
  const seqs = new Map<string, number>();
  return async (messageId: string, from: string): Promise<boolean> => {
    if (!(await store.claim(`sms:${messageId}`, PROCESSING_CLAIM_MS))) return false;
    const key = await pseudonymise(`sms:${from}`);
    const seq = seqs.get(key) ?? 0;
    const expiresAt = Date.now() + DAY_MS;
    await store.save({ ...template, key, seq: seq + 1, expiresAt }, seq);
    seqs.set(key, seq + 1);
    return true;
  };
}

serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' });
