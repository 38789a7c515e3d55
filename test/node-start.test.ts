/**
 * `npm start` picks its store from the environment: the SQLite file at SIRA_DB by default,
 * Redis when REDIS_URL is set; /healthz says which.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Child, runTs } from './helpers/child';
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

async function start(env: Record<string, string>) {
  const port = await freePort();
  // An empty REDIS_URL counts as unset: the SQLite cases must not inherit the tests' Redis.
  const child = runTs(ENTRY, [], { PORT: String(port), REDIS_URL: '', ...env });
  children.push(child);
  await child.waitFor((line) => typeof line === 'string' && line.includes('listening'));
  const health = await fetch(`http://127.0.0.1:${port}/healthz`);
  return { child, health: (await health.json()) as { status: string; store: string } };
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
    });
    children.push(child);
    expect(await child.exited).toBe(1);
    expect(child.stderr()).toMatch(/Redis does not answer: check REDIS_URL/);
  }, 30_000);
});
