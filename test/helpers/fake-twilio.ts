import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake received on the Messages endpoint, decoded. */
interface RecordedSend {
  accountSid: string;
  authorization: string | undefined;
  params: Record<string, string>;
}

/** How the fake answers the next send: Twilio's JSON error, or no answer at all. */
type Failure = { status: number; code?: number; headers?: Record<string, string> } | { hang: true };

/**
 * A local stand-in for Twilio's REST Messages endpoint, as a real HTTP server, so the sender is
 * tested over a real socket: it records every send and fails the next ones on request.
 */
export async function startFakeTwilio() {
  const sends: RecordedSend[] = [];
  const failures: Failure[] = [];
  let n = 0;
  const server = createServer((req, res) => void handle(req, res));

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match?.[1]) {
      res.writeHead(404).end();
      return;
    }
    let body = '';
    for await (const chunk of req) body += chunk;
    const failure = failures.shift();
    if (failure && 'hang' in failure) return; // never answer: the sender's timeout must fire
    sends.push({
      accountSid: decodeURIComponent(match[1]),
      authorization: req.headers.authorization,
      params: Object.fromEntries(new URLSearchParams(body)),
    });
    if (failure) {
      res.writeHead(failure.status, { 'content-type': 'application/json', ...failure.headers });
      res.end(
        JSON.stringify({ code: failure.code, message: 'fake failure', status: failure.status }),
      );
      return;
    }
    n += 1;
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ sid: `SM${String(n).padStart(32, '0')}`, status: 'queued' }));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sends,
    failNext: (...next: Failure[]) => void failures.push(...next),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
