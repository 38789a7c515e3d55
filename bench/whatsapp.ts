/**
 * Inbound WhatsApp webhooks per second and acknowledgement latency through the whole pipeline
 * (signature, zod, parse, claim, lock, step, save with outbox; replies sent after the 200 to a
 * fake Graph API), beside a bare Hono handler measured in the same run: the floor.
 * `npx tsx bench/whatsapp.ts` prints a table and JSON; `runWhatsAppBench` is for bench/run.ts.
 * BENCH_SECONDS and BENCH_CONNECTIONS tune the run.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { createWhatsAppSender } from '../src/channels/whatsapp/send';
import { rawContent } from '../src/content/bundle';
import { compileContent } from '../src/content/compile';
import { createApp } from '../src/runtime/app';
import type { RuntimeDeps } from '../src/runtime/deps';
import { createLogger } from '../src/runtime/log';
import { createAddressCipher } from '../src/runtime/address-cipher';
import { createPseudonymiser } from '../src/runtime/pseudonym';
import { createMemoryStore } from '../src/store/memory';
import { listen } from '../test/helpers/serve';

export interface Figures {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

const SECRET = 'bench-app-secret';

/** Run a bench script in its own Node process (with tsx); resolves with what it printed. */
export function run(script: string, arg?: string) {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', path, ...(arg ? [arg] : [])], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk;
  });
  const done = new Promise<string>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${script} ${code}`)),
    );
  });
  const firstLine = new Promise<string>((resolve) =>
    child.stdout.on('data', () => out.includes('\n') && resolve(out.split('\n')[0] as string)),
  );
  return { child, done, firstLine };
}

export async function fire(url: string, seconds: number, connections: number): Promise<Figures> {
  const load = run('./load.ts', JSON.stringify({ url, secret: SECRET, seconds, connections }));
  return JSON.parse(await load.done) as Figures;
}

function pipelineDeps(graphUrl: string): RuntimeDeps {
  return {
    store: createMemoryStore(),
    content: compileContent(rawContent),
    senders: {
      whatsapp: createWhatsAppSender({
        graphUrl,
        phoneNumberId: '106540352242922',
        accessToken: 'bench-token',
      }),
    },
    pseudonymise: createPseudonymiser('bench-secret-bench-secret-bench-secret'),
    addresses: createAddressCipher('bench-secret-bench-secret-bench-secret'),
    log: createLogger(() => {}),
    now: Date.now,
    newId: () => crypto.randomUUID(),
    retention: {
      conversationMs: 30 * 86_400_000,
      claimMs: 7 * 86_400_000,
      transcriptMs: 90 * 86_400_000,
      auditMs: 365 * 86_400_000,
    },
  };
}

export async function runWhatsAppBench(seconds = 5, connections = 50) {
  const floorApp = new Hono();
  floorApp.post('/webhooks/whatsapp', (c) => c.json({ ok: true }));
  const floorServer = await listen(floorApp.fetch);
  const floor = await fire(`${floorServer.url}/webhooks/whatsapp`, seconds, connections);
  await floorServer.close();

  const graph = run('./graph.ts');
  const deps = pipelineDeps(await graph.firstLine);
  const app = createApp(deps, { whatsapp: { verifyToken: 'bench', appSecret: SECRET } });
  const server = await listen(app.fetch);
  const whatsapp = await fire(`${server.url}/webhooks/whatsapp`, seconds, connections);
  await server.close();
  graph.child.kill('SIGTERM');
  const sent = (JSON.parse((await graph.done).split('\n')[1] ?? '{}') as { accepted?: number })
    .accepted;

  return { floor, whatsapp, ratio: whatsapp.rps / floor.rps, repliesSent: sent };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
  const r = await runWhatsAppBench(seconds, connections);
  const row = (name: string, f: Figures) =>
    `${name.padEnd(22)} ${f.rps.toFixed(0).padStart(8)} ${String(f.p50).padStart(6)} ${String(f.p99).padStart(6)} ${String(f.non2xx + f.errors).padStart(7)}`;
  console.log(
    `${'scenario'.padEnd(22)} ${'req/s'.padStart(8)} ${'p50ms'.padStart(6)} ${'p99ms'.padStart(6)} ${'errors'.padStart(7)}`,
  );
  console.log(row('floor (bare Hono)', r.floor));
  console.log(row('whatsapp webhook', r.whatsapp));
  console.log(
    `ratio whatsapp/floor: ${r.ratio.toFixed(3)}; replies accepted by the fake Graph API: ${r.repliesSent}`,
  );
  console.log(JSON.stringify(r));
}
