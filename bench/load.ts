/**
 * The load generator, always in its own process (bench/harness.ts starts it), so that firing
 * requests never shares an event loop or a core's time slice accounting with the server it
 * measures. Two modes, one JSON line on stdout:
 * - `saturate`: autocannon, closed loop, `connections` in flight spread over the targets;
 * - `open`: a fixed `rate` of requests per second, open loop (see openLoop).
 * Usage: node --import tsx bench/load.ts '<LoadSpec JSON>'
 */
import { Agent, request } from 'node:http';
import autocannon from 'autocannon';
import * as z from 'zod';
import { type WebhookRequest, webhooks } from './requests';

export const LoadSpec = z.object({
  kind: z.enum(['sms', 'whatsapp']),
  /** Base URLs; the load is split evenly across them (several instances). */
  targets: z.array(z.url()).min(1),
  /** Hex, always 9 digits: makes the message ids of this run unlike any other run's. */
  run: z.string().regex(/^[0-9a-f]{9}$/),
  seconds: z.number().positive(),
  mode: z.discriminatedUnion('type', [
    z.object({ type: z.literal('saturate'), connections: z.number().int().positive() }),
    z.object({ type: z.literal('open'), rate: z.number().positive() }),
  ]),
});
export type LoadSpec = z.infer<typeof LoadSpec>;

export interface LoadResult {
  /** Requests answered (any status). */
  completed: number;
  rps: number;
  p50ms: number;
  p99ms: number;
  maxMs: number;
  /** Non-2xx answers, connection errors and timeouts. */
  errors: number;
}

async function saturate(spec: LoadSpec, connections: number): Promise<LoadResult> {
  const next = webhooks(spec.kind, spec.run);
  const perTarget = Math.max(1, Math.round(connections / spec.targets.length));
  const results = await Promise.all(
    spec.targets.map((url) =>
      autocannon({
        url,
        connections: perTarget,
        duration: spec.seconds,
        requests: [{ method: 'POST', setupRequest: (r) => ({ ...r, ...next() }) }],
      }),
    ),
  );
  const completed = results.reduce((sum, r) => sum + r.requests.total, 0);
  const first = results[0] as (typeof results)[0];
  return {
    completed,
    rps: Math.round(results.reduce((sum, r) => sum + r.requests.total / r.duration, 0)),
    // Per-target latencies are alike (same load, same kind of server): the first one's.
    p50ms: first.latency.p50,
    p99ms: first.latency.p99,
    maxMs: Math.max(...results.map((r) => r.latency.max)),
    errors: results.reduce((sum, r) => sum + r.non2xx + r.errors + r.timeouts, 0),
  };
}

/**
 * Open loop, hand-written because autocannon has none (its `overallRate` only paces requests
 * on connections that are free, so a slow server slows the generator down with it). Requests
 * are scheduled at fixed intervals whatever the answers, and each latency is measured from the
 * time the request was *scheduled*, not sent: a stall of the server (or of this process) shows
 * as latency of every request it delayed, instead of hiding them (coordinated omission).
 */
async function openLoop(spec: LoadSpec, rate: number): Promise<LoadResult> {
  const next = webhooks(spec.kind, spec.run);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.round(rate * spec.seconds);
  const interval = 1000 / rate;
  const latencies: number[] = [];
  let errors = 0;
  let scheduled = 0;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    // Whatever is still unanswered this long after the last send counts as an error.
    const deadline = setTimeout(resolve, spec.seconds * 1000 + 10_000);
    const answered = (at: number, ok: boolean) => {
      latencies.push(performance.now() - at);
      if (!ok) errors++;
      if (latencies.length === total) {
        clearTimeout(deadline);
        resolve();
      }
    };
    const tick = () => {
      const now = performance.now();
      for (; scheduled < total && start + scheduled * interval <= now; scheduled++) {
        const at = start + scheduled * interval;
        const target = spec.targets[scheduled % spec.targets.length] as string;
        send(agent, target, next()).then((ok) => answered(at, ok));
      }
      if (scheduled < total) setTimeout(tick, 1);
    };
    tick();
  });
  agent.destroy();
  errors += total - latencies.length;
  const sorted = latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
  return {
    completed: sorted.length,
    rps: Math.round(sorted.length / spec.seconds),
    p50ms: at(0.5),
    p99ms: at(0.99),
    maxMs: round(sorted.at(-1)),
    errors,
  };
}

function send(agent: Agent, base: string, webhook: WebhookRequest): Promise<boolean> {
  const url = new URL(webhook.path, base);
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...webhook.headers, 'content-length': Buffer.byteLength(webhook.body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode === 200));
      },
    );
    req.on('error', () => resolve(false));
    req.end(webhook.body);
  });
}

const round = (ms: number | undefined) =>
  ms === undefined ? Number.NaN : Math.round(ms * 100) / 100;

if (import.meta.main) {
  const spec = LoadSpec.parse(JSON.parse(process.argv[2] ?? '{}'));
  const result =
    spec.mode.type === 'saturate'
      ? await saturate(spec, spec.mode.connections)
      : await openLoop(spec, spec.mode.rate);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
