import { request } from 'node:http';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { listen } from '../../../test/helpers/serve';
import { limitBody } from './body-limit';

const MAX = 100;
let close: (() => Promise<void>) | undefined;
afterEach(() => close?.());

/** A route behind the limit that echoes how many bytes it read, on a real Node HTTP server. */
async function serveLimited() {
  const app = new Hono();
  app.post('/', limitBody(MAX), async (c) =>
    c.json({ read: (await c.req.arrayBuffer()).byteLength }),
  );
  const served = await listen(app.fetch);
  close = served.close;
  return served.url;
}

/** POST `body` with a declared Content-Length, or chunked (no length) when `chunked`. */
function post(url: string, body: string, chunked = false) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(url, { method: 'POST' }, (res) => {
      let text = '';
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    if (!chunked) req.setHeader('content-length', Buffer.byteLength(body));
    // Two writes: without a declared length Node sends the body chunked.
    req.write(body.slice(0, 10));
    req.end(body.slice(10));
  });
}

describe('limitBody', () => {
  it('passes a body within the limit, declared or chunked, to the route whole', async () => {
    const url = await serveLimited();
    const body = 'x'.repeat(MAX);
    expect(await post(url, body)).toEqual({ status: 200, text: '{"read":100}' });
    expect(await post(url, body, true)).toEqual({ status: 200, text: '{"read":100}' });
  });

  it('answers 413 to a declared length over the limit', async () => {
    const url = await serveLimited();
    expect(await post(url, 'x'.repeat(MAX + 1))).toEqual({
      status: 413,
      text: '{"error":"too_large"}',
    });
  });

  it('answers 413 to a chunked body that grows over the limit', async () => {
    const url = await serveLimited();
    expect(await post(url, 'x'.repeat(MAX + 1), true)).toEqual({
      status: 413,
      text: '{"error":"too_large"}',
    });
  });
});
