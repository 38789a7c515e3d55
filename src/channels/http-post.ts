/**
 * One HTTP POST and its answer, as far as the senders and the notifier need it. Each runtime
 * brings its cheapest client: `fetchPost` (the platform's fetch) on Workers, undici's `request`
 * on Node (entry/node-http-post.ts), where fetch's WHATWG streams cost about 400 µs of CPU per
 * call (bench profile), and a WhatsApp message makes two calls (the reply, the blue ticks).
 */
export interface PostRequest {
  headers: Record<string, string>;
  body: string;
  /** The whole exchange, answer included, is abandoned after this long (it then rejects). */
  timeoutMs: number;
}

export interface PostAnswer {
  status: number;
  /** The `Retry-After` header, as sent. */
  retryAfter: string | null;
  /** The body parsed as JSON; undefined when it is not JSON. */
  json: unknown;
}

/** Rejects when no answer came (network error, timeout); any HTTP status is an answer. */
export type HttpPost = (url: string, request: PostRequest) => Promise<PostAnswer>;

/** Redirects are answers too, never followed: a credential must not go where it was not sent. */
export const fetchPost: HttpPost = async (url, { headers, body, timeoutMs }) => {
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    json: await response.json().catch(() => undefined),
  };
};

export const isSuccess = (answer: PostAnswer) => answer.status >= 200 && answer.status < 300;
