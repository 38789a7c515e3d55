import { Hono } from 'hono';
import { listen } from './serve';

interface GraphRequest {
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

/** How the next message send should go wrong: a Meta error, an HTTP status, a delay. */
interface Fault {
  status?: number;
  /** Meta's `error.code`; omitted for a bare server error without a JSON body. */
  code?: number;
  delayMs?: number;
}

export interface FakeGraph {
  /** The base to configure as WHATSAPP_GRAPH_URL (with a version, as Meta's has). */
  url: string;
  requests: GraphRequest[];
  /** Message sends only (not read receipts), accepted or not. */
  sends(): GraphRequest[];
  /** Message sends that were answered with a message id. */
  accepted(): GraphRequest[];
  /** Message sends received while `hold` was on, never answered. */
  held(): GraphRequest[];
  /**
   * While true, message sends are recorded and never answered (until close): a send cut off
   * before it reached the person, as when its sender dies mid-request. Meta has no idempotency
   * key, so what counts as received is `accepted()` only.
   */
  hold: boolean;
  failNext(...faults: Fault[]): void;
  /** Delay every answer by this many ms (a slow Graph API). */
  delayMs: number;
  close(): Promise<void>;
}

/**
 * A local Cloud API on a real port: records what we send and answers as Meta does — message
 * ids on success, `{error:{code,...}}` with Meta's HTTP statuses on failure.
 */
export async function startFakeGraph(): Promise<FakeGraph> {
  const requests: GraphRequest[] = [];
  const acceptedIds = new Set<GraphRequest>();
  const faults: Fault[] = [];
  const heldIds = new Set<GraphRequest>();
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let counter = 0;
  const state = { delayMs: 0, hold: false };
  const app = new Hono();
  app.post('/:version/:phone/messages', async (c) => {
    const body = (await c.req.json()) as Record<string, unknown>;
    const request = { path: c.req.path, authorization: c.req.header('authorization'), body };
    requests.push(request);
    const isRead = body.status === 'read';
    if (!isRead && state.hold) {
      heldIds.add(request);
      await released;
      return c.text('closed', 503);
    }
    const fault = isRead ? undefined : faults.shift();
    const delay = (fault?.delayMs ?? 0) + state.delayMs;
    if (delay) await new Promise((r) => setTimeout(r, delay));
    if (isRead) return c.json({ success: true });
    if (fault?.status) {
      if (fault.code === undefined) return c.text('upstream error', fault.status as 500);
      return c.json(
        {
          error: {
            message: `(#${fault.code}) fake error`,
            type: 'OAuthException',
            code: fault.code,
            error_data: { messaging_product: 'whatsapp', details: 'fake' },
            fbtrace_id: 'AfakeTrace',
          },
        },
        fault.status as 400,
      );
    }
    counter += 1;
    acceptedIds.add(request);
    return c.json({
      messaging_product: 'whatsapp',
      contacts: [{ input: body.to, wa_id: String(body.to).replace('+', '') }],
      messages: [{ id: `wamid.fake.${counter}` }],
    });
  });
  const served = await listen(app.fetch);
  const sends = () => requests.filter((r) => r.body.status !== 'read');
  return {
    url: `${served.url}/v24.0`,
    requests,
    sends,
    accepted: () => sends().filter((r) => acceptedIds.has(r)),
    held: () => sends().filter((r) => heldIds.has(r)),
    failNext: (...f) => faults.push(...f),
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(ms: number) {
      state.delayMs = ms;
    },
    get hold() {
      return state.hold;
    },
    set hold(on: boolean) {
      state.hold = on;
    },
    close: () => {
      release();
      return served.close();
    },
  };
}
