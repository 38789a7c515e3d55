/**
 * The floor: a bare Hono app on @hono/node-server answering every POST with a fixed 200 (an
 * empty TwiML, what an SMS webhook answers at least). What this stack does on this machine with
 * no work at all; every scenario is read as a fraction of it. Serves on PORT until killed.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono()
  .get('/healthz', (c) => c.json({ status: 'ok' }))
  .post('*', (c) =>
    c.body('<?xml version="1.0" encoding="UTF-8"?><Response/>', 200, {
      'content-type': 'text/xml; charset=utf-8',
    }),
  );
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' });
