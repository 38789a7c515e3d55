/**
 * Inbound WhatsApp webhooks per second and latency on the Redis store, with one `npm start`
 * instance and with two behind the same Redis, beside a bare Hono handler (the floor) in the
 * same run: `npx tsx bench/redis.ts` prints a table and JSON; `runRedisBench` is for
 * bench/run.ts. BENCH_SECONDS and BENCH_CONNECTIONS tune the run. Each instance is the real
 * entry (src/entry/node.ts) in its own process; the load generator (bench/load.ts) and the fake
 * Graph API (bench/graph.ts) run in their own processes too. With two instances the load is
 * split over two generators, one per instance, on the same senders, so both instances work
 * on the same conversations (the Redis lock and claims are exercised). Redis memory per idle
 * conversation is bench/stores.ts's `redis_bytes_per_conversation`.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { createClient } from 'redis';
import { type Child, runTs } from '../test/helpers/child';
import { freePort, listen } from '../test/helpers/serve';
import { type Figures, fire, run } from './whatsapp';

const SECRET = 'bench-app-secret';

async function startInstance(env: Record<string, string>): Promise<{ child: Child; url: string }> {
  const port = await freePort();
  const child = runTs('src/entry/node.ts', [], { ...env, PORT: String(port) });
  await child.waitFor((line) => typeof line === 'string' && line.includes('listening'), 30_000);
  return { child, url: `http://127.0.0.1:${port}/webhooks/whatsapp` };
}

/** Load every URL at once, `connections` split between them; rps summed, worst latency kept. */
async function fireAll(urls: string[], seconds: number, connections: number): Promise<Figures> {
  const each = await Promise.all(
    urls.map((url) => fire(url, seconds, Math.max(1, Math.round(connections / urls.length)))),
  );
  return {
    rps: each.reduce((sum, f) => sum + f.rps, 0),
    p50: Math.max(...each.map((f) => f.p50)),
    p99: Math.max(...each.map((f) => f.p99)),
    non2xx: each.reduce((sum, f) => sum + f.non2xx, 0),
    errors: each.reduce((sum, f) => sum + f.errors, 0),
  };
}

export async function runRedisBench(
  seconds = 5,
  connections = 50,
  redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
) {
  const floorApp = new Hono();
  floorApp.post('/webhooks/whatsapp', (c) => c.json({ ok: true }));
  const floorServer = await listen(floorApp.fetch);
  const floor = await fire(`${floorServer.url}/webhooks/whatsapp`, seconds, connections);
  await floorServer.close();

  const graph = run('./graph.ts');
  const prefix = `sira-bench-${randomBytes(4).toString('hex')}:`;
  const env = {
    REDIS_URL: redisUrl,
    SIRA_REDIS_PREFIX: prefix,
    SIRA_SECRET: 'bench-secret-bench-secret-bench-secret',
    WHATSAPP_VERIFY_TOKEN: 'bench',
    WHATSAPP_APP_SECRET: SECRET,
    WHATSAPP_ACCESS_TOKEN: 'bench-token',
    WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
    WHATSAPP_GRAPH_URL: await graph.firstLine,
  };
  const instances = await Promise.all([startInstance(env), startInstance(env)]);
  try {
    const one = await fireAll([instances[0]?.url ?? ''], seconds, connections);
    const two = await fireAll(
      instances.map((i) => i.url),
      seconds,
      connections,
    );
    return { floor, redis_one: one, redis_two: two, ratio_two_one: two.rps / one.rps };
  } finally {
    for (const i of instances) i.child.process.kill('SIGTERM');
    graph.child.kill('SIGTERM');
    const look = createClient({ url: redisUrl });
    await look.connect();
    for await (const keys of look.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
      if (keys.length) await look.del(keys);
    }
    await look.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
  const r = await runRedisBench(seconds, connections);
  const row = (name: string, f: Figures) =>
    `${name.padEnd(26)} ${f.rps.toFixed(0).padStart(8)} ${String(f.p50).padStart(6)} ${String(f.p99).padStart(6)} ${String(f.non2xx + f.errors).padStart(7)}`;
  console.log(`Redis store, ${seconds} s per scenario, ${connections} connections`);
  console.log(
    `${'scenario'.padEnd(26)} ${'req/s'.padStart(8)} ${'p50ms'.padStart(6)} ${'p99ms'.padStart(6)} ${'errors'.padStart(7)}`,
  );
  console.log(row('floor (bare Hono)', r.floor));
  console.log(row('redis, one instance', r.redis_one));
  console.log(row('redis, two instances', r.redis_two));
  console.log(`two/one: ${r.ratio_two_one.toFixed(2)}`);
  console.log(JSON.stringify(r));
  process.exit(0);
}
