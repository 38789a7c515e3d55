import { request } from 'undici';
import type { HttpPost } from '../channels/http-post';

/**
 * The HttpPost of `npm start`: undici's `request`, the client Node's own fetch is built on,
 * without fetch's WHATWG Request, Response and streams (a third of the CPU per call). It never
 * follows redirects, like `fetchPost`; the signal bounds the whole exchange, body included.
 */
export const nodeHttpPost: HttpPost = async (url, { headers, body, timeoutMs }) => {
  const response = await request(url, {
    method: 'POST',
    headers,
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.body.text();
  const retryAfter = response.headers['retry-after'];
  return {
    status: response.statusCode,
    retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
    json: parseJson(text),
  };
};

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
