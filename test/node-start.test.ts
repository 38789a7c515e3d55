/**
 * `npm start` picks its store from the environment: the SQLite file at SIRA_DB by default,
 * Redis when REDIS_URL is set; /healthz says which.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Child, runTs } from './helpers/child';
import { startFakeGraph } from './helpers/fake-graph';
import { fixture, metaRequest } from './helpers/meta';
import { pollUntil } from './helpers/poll';
import { inspector, REDIS_URL, redisReady, removeUnder, testPrefix } from './helpers/redis';
import { freePort } from './helpers/serve';
import { tempDir } from './helpers/temp';

const ENTRY = 'src/entry/node.ts';
const dir = tempDir('start');
const redis = await redisReady();
const children: Child[] = [];

afterAll(() => {
  for (const child of children) child.process.kill('SIGKILL');
});

/**
 * Where a server without SIRA_SECRET keeps its development secret (beside SIRA_DB, on Redis too):
 * in the tests' folder, never in the checkout's data/.
 */
const SIRA_DB = join(dir, 'dev', 'sira.db');

async function start(env: Record<string, string>) {
  const port = await freePort();
  // An empty REDIS_URL counts as unset: the SQLite cases must not inherit the tests' Redis.
  const child = runTs(ENTRY, [], { PORT: String(port), REDIS_URL: '', SIRA_DB, ...env });
  children.push(child);
  await child.waitFor((line) => typeof line === 'string' && line.includes('listening'));
  const health = await fetch(`http://127.0.0.1:${port}/healthz`);
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    health: (await health.json()) as { status: string; store: string },
  };
}

describe('npm start', () => {
  it('runs on a SQLite file created at SIRA_DB', async () => {
    const db = join(dir, 'new', 'sira.db');
    const { health } = await start({ SIRA_DB: db });
    expect(health).toMatchObject({ status: 'ok', store: 'sqlite' });
    expect(existsSync(db)).toBe(true);
  }, 30_000);

  it('refuses a second server on the same SQLite file, saying why', async () => {
    const db = join(dir, 'twice', 'sira.db');
    await start({ SIRA_DB: db });
    const second = runTs(ENTRY, [], { PORT: String(await freePort()), REDIS_URL: '', SIRA_DB: db });
    children.push(second);
    expect(await second.exited).toBe(1);
    expect(second.stderr()).toMatch(/serves one process.*REDIS_URL/s);
  }, 30_000);

  it.skipIf(!redis)(
    'runs on Redis when REDIS_URL is set',
    async () => {
      const prefix = testPrefix();
      const { health } = await start({ REDIS_URL, SIRA_REDIS_PREFIX: prefix });
      expect(health).toMatchObject({ status: 'ok', store: 'redis' });
      const look = await inspector();
      await removeUnder(look, prefix);
      await look.close();
    },
    30_000,
  );

  it('stops with a clear message when Redis does not answer', async () => {
    const child = runTs(ENTRY, [], {
      PORT: String(await freePort()),
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      SIRA_DB,
    });
    children.push(child);
    expect(await child.exited).toBe(1);
    expect(child.stderr()).toMatch(/Redis does not answer: check REDIS_URL/);
  }, 30_000);

  it('checks a WhatsApp signature and answers through the Graph API, with its own HTTP client', async () => {
    const graph = await startFakeGraph();
    try {
      const secret = 'node-start-app-secret';
      const { url } = await start({
        SIRA_DB: join(dir, 'whatsapp', 'sira.db'),
        WHATSAPP_VERIFY_TOKEN: 'verify',
        WHATSAPP_APP_SECRET: secret,
        WHATSAPP_ACCESS_TOKEN: 'node-start-token',
        WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
        WHATSAPP_GRAPH_URL: graph.url,
      });
      const webhook = `${url}/webhooks/whatsapp`;
      const forged = await metaRequest(webhook, fixture('text'), `${secret}x`);
      expect((await fetch(forged)).status).toBe(401);
      expect((await fetch(await metaRequest(webhook, fixture('text'), secret))).status).toBe(200);
      await pollUntil(() => graph.accepted().length > 0 && graph.requests.length > 1, 5_000);
      expect(graph.accepted()[0]).toMatchObject({
        authorization: 'Bearer node-start-token',
        body: { to: '+15550100101', messaging_product: 'whatsapp' },
      });
      expect(graph.requests.map((r) => r.body)).toContainEqual(
        expect.objectContaining({ status: 'read', message_id: 'wamid.fixture.text' }),
      );
    } finally {
      await graph.close();
    }
  }, 30_000);
});
