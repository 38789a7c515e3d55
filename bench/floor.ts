/**
 * The floor: a bare Hono app on @hono/node-server answering every POST with a fixed 200 (an
 * empty TwiML, what an SMS webhook answers at least). What this stack does on this machine with
 * no work at all; every scenario is read as a fraction of it. Serves on PORT until killed.
 *
 * FLOOR=signed makes it the edge instead: it also reads the body and checks Twilio's signature
 * with sira's own functions, the work no SMS webhook may skip, before the same answer. What is
 * left between the edge and sira is the pipeline's own cost (see bench/scenarios.ts).
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { TWIML_CONTENT_TYPE, twiml } from '../src/channels/twilio/twiml';
import { formParams, isSignedByTwilio } from '../src/channels/twilio/verify';
import { signedUrl } from '../src/runtime/routes/twilio';

/** sira's own answer with no reply, built once: the floor does no work per request. */
const EMPTY_TWIML = twiml([]);
const signed = process.env.FLOOR === 'signed';
const authToken = process.env.TWILIO_AUTH_TOKEN ?? '';

const app = new Hono()
  .get('/healthz', (c) => c.json({ status: 'ok' }))
  .post('*', async (c) => {
    if (signed) {
      const params = formParams(new TextDecoder().decode(await c.req.arrayBuffer()));
      const url = signedUrl(c.req.url, process.env.PUBLIC_URL);
      if (!isSignedByTwilio(authToken, c.req.header('x-twilio-signature'), url, params)) {
        return c.json({ error: 'forbidden' }, 403);
      }
    }
    return c.body(EMPTY_TWIML, 200, { 'content-type': TWIML_CONTENT_TYPE });
  });
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' });
