import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchPost, type HttpPost } from '../channels/http-post';
import { freePort } from '../../test/helpers/serve';
import { nodeHttpPost } from './node-http-post';

/** A local server whose answer each test picks by path; it echoes what it was sent. */
const routes: Record<string, (req: IncomingMessage, body: string, res: ServerResponse) => void> = {
  '/echo': (req, body, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({ body, type: req.headers['content-type'], auth: req.headers.authorization }),
    );
  },
  '/busy': (_, __, res) => {
    res.writeHead(429, { 'retry-after': '7', 'content-type': 'application/json' });
    res.end('{"code":20429}');
  },
  '/html': (_, __, res) => {
    res.writeHead(502, { 'content-type': 'text/html' });
    res.end('<h1>Bad gateway</h1>');
  },
  '/moved': (_, __, res) => {
    res.writeHead(307, { location: '/echo' });
    res.end();
  },
  '/slow': () => {},
};
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => {
    body += chunk;
  });
  req.on('end', () => routes[req.url ?? '']?.(req, body, res));
});
let base = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const request = {
  headers: { 'content-type': 'application/json', authorization: 'Bearer t' },
  body: '{"a":1}',
  timeoutMs: 2_000,
};

describe.each([
  ['undici (npm start)', nodeHttpPost],
  ['fetch (Workers)', fetchPost],
] as [string, HttpPost][])('HttpPost over %s', (_, post) => {
  it('sends the body and headers, and reads the JSON answer', async () => {
    expect(await post(`${base}/echo`, request)).toEqual({
      status: 200,
      retryAfter: null,
      json: { body: '{"a":1}', type: 'application/json', auth: 'Bearer t' },
    });
  });

  it('gives an error status with its Retry-After and body', async () => {
    expect(await post(`${base}/busy`, request)).toEqual({
      status: 429,
      retryAfter: '7',
      json: { code: 20429 },
    });
  });

  it('answers a body that is not JSON as undefined', async () => {
    expect(await post(`${base}/html`, request)).toEqual({
      status: 502,
      retryAfter: null,
      json: undefined,
    });
  });

  it('does not follow a redirect', async () => {
    expect((await post(`${base}/moved`, request)).status).toBe(307);
  });

  it('rejects when no answer comes in time, or nobody listens', async () => {
    await expect(post(`${base}/slow`, { ...request, timeoutMs: 200 })).rejects.toThrow();
    await expect(post(`http://127.0.0.1:${await freePort()}/`, request)).rejects.toThrow();
  });
});
