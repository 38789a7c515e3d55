/**
 * `npx tsx bench/stores.ts`: what an idle conversation costs in each store (issue 10: the memory
 * and SQLite stores hold 100,000 idle conversations in under 200 MB RSS). Measure, never
 * assert. The RSS figures come from a fresh child process per store, with the Node flags of
 * `npm start`, so they are the whole process (Node, the content, the store) and nothing else
 * this script did.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { rawContent } from '../src/content/bundle';
import { compileContent } from '../src/content/compile';
import type { ConversationRecord } from '../src/core/record';
import { createMemoryStore } from '../src/store/memory';
import { createRedisStore } from '../src/store/redis';
import { createSqliteStore } from '../src/store/sqlite';
import type { ConversationStore } from '../src/store/store';
import { removeUnder } from '../test/helpers/redis';
import { idleRecord } from './core';
import { startFlags } from './node-flags';

const DAY_MS = 86_400_000;
const IDLE = 100_000;
const REDIS_SAMPLE = 10_000;

export interface StoreFigures {
  /** `MEMORY USAGE` of one idle record's key (an idle record has no due-index entry). */
  redis_record_bytes: number | null;
  /** Growth of Redis `used_memory` per idle conversation over REDIS_SAMPLE of them. */
  redis_bytes_per_conversation: number | null;
  /** `MEMORY USAGE` of one message-id claim, kept SIRA_CLAIM_DAYS per message received. */
  redis_claim_bytes: number | null;
  /** SQLite file size per conversation with IDLE of them, after the log is checkpointed. */
  sqlite_bytes_per_conversation: number;
  /** Mean time of one save, saves one after another (so one fsync of the log each). */
  sqlite_save_ms: number;
  /** RSS of a process with the store open, the content loaded and one conversation saved. */
  memory_rss_mb_empty: number;
  memory_rss_mb_100k: number;
  sqlite_rss_mb_empty: number;
  sqlite_rss_mb_100k: number;
}

/** IDLE-many distinct idle conversations, as the stores would see them. */
function* idleRecords(count: number): Generator<ConversationRecord> {
  const content = compileContent(rawContent);
  const template = idleRecord('k', content);
  const expiresAt = Date.now() + 30 * DAY_MS;
  for (let i = 0; i < count; i++) {
    yield {
      ...template,
      key: randomBytes(16).toString('base64url'),
      address: `+2237${String(i).padStart(7, '0')}`,
      updatedAt: Date.now(),
      expiresAt,
    };
  }
}

/** Save every record; the mean time of one save. */
async function fill(store: ConversationStore, records: Iterable<ConversationRecord>) {
  const started = performance.now();
  let count = 0;
  for (const record of records) {
    await store.save(record, 0);
    count++;
  }
  return (performance.now() - started) / count;
}

/** In a child process: fill one store with IDLE conversations and report the RSS. */
async function measureRss(kind: 'memory' | 'sqlite') {
  const dir = mkdtempSync(join(tmpdir(), 'sira-bench-'));
  const path = join(dir, 'sira.db');
  const store = kind === 'memory' ? createMemoryStore() : createSqliteStore({ path });
  const records = idleRecords(IDLE);
  // One conversation first: the baseline then has the content compiled and the store warm.
  await store.save(records.next().value as ConversationRecord, 0);
  globalThis.gc?.();
  const baseMb = process.memoryUsage().rss / 2 ** 20;
  const saveMs = await fill(store, records);
  globalThis.gc?.();
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  await store.close();
  const fileBytes = kind === 'sqlite' ? statSync(path).size : 0;
  rmSync(dir, { recursive: true, force: true });
  console.log(JSON.stringify({ baseMb, rssMb, saveMs, fileBytes }));
}

function inChild(kind: 'memory' | 'sqlite') {
  type Measured = { baseMb: number; rssMb: number; saveMs: number; fileBytes: number };
  return new Promise<Measured>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...startFlags(), '--expose-gc', '--import', 'tsx', import.meta.filename, '--rss', kind],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${kind} child exited ${code}`)),
    );
  });
}

/** Redis figures under a prefix of their own, removed afterwards; null when no Redis answers. */
async function measureRedis(url: string) {
  const prefix = `sira-bench-${randomBytes(4).toString('hex')}:`;
  let store: ConversationStore;
  try {
    store = await createRedisStore({ url, prefix });
  } catch {
    return null;
  }
  const look = createClient({ url });
  await look.connect();
  const usedMemory = async () =>
    Number(/used_memory:(\d+)/.exec(await look.info('memory'))?.[1] ?? Number.NaN);
  try {
    const before = await usedMemory();
    const records = [...idleRecords(REDIS_SAMPLE)];
    await fill(store, records);
    const last = records.at(-1)?.key;
    const after = await usedMemory();
    await store.claim(
      'whatsapp:wamid.HBgLMjIzNzAwMDAwMDAxFQIAEhgUM0FCQ0RFRjAxMjM0NTY3ODkw',
      DAY_MS,
    );
    const claims = [];
    for await (const keys of look.scanIterator({ MATCH: `${prefix}c:*` })) claims.push(...keys);
    return {
      record: Number(await look.memoryUsage(`${prefix}r:${last}`, { SAMPLES: 0 })),
      perConversation: Math.round((after - before) / REDIS_SAMPLE),
      claim: Number(await look.memoryUsage(claims[0] as string, { SAMPLES: 0 })),
    };
  } finally {
    await removeUnder(look, prefix);
    await store.close();
    await look.close();
  }
}

export async function benchStores(
  redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
): Promise<StoreFigures> {
  const redis = await measureRedis(redisUrl);
  const memory = await inChild('memory');
  const sqlite = await inChild('sqlite');
  return {
    redis_record_bytes: redis?.record ?? null,
    redis_bytes_per_conversation: redis?.perConversation ?? null,
    redis_claim_bytes: redis?.claim ?? null,
    sqlite_bytes_per_conversation: Math.round(sqlite.fileBytes / IDLE),
    sqlite_save_ms: Number(sqlite.saveMs.toFixed(3)),
    memory_rss_mb_empty: Math.round(memory.baseMb),
    memory_rss_mb_100k: Math.round(memory.rssMb),
    sqlite_rss_mb_empty: Math.round(sqlite.baseMb),
    sqlite_rss_mb_100k: Math.round(sqlite.rssMb),
  };
}

if (import.meta.main) {
  const rss = process.argv.indexOf('--rss');
  if (rss > 0) {
    await measureRss(process.argv[rss + 1] === 'sqlite' ? 'sqlite' : 'memory');
  } else {
    const figures = await benchStores();
    const rows: [string, unknown][] = [
      ['redis: one idle record key, bytes (MEMORY USAGE)', figures.redis_record_bytes],
      ['redis: used_memory per idle conversation, bytes', figures.redis_bytes_per_conversation],
      ['redis: one message-id claim, bytes', figures.redis_claim_bytes],
      ['sqlite: file bytes per conversation (100k)', figures.sqlite_bytes_per_conversation],
      ['sqlite: one save, ms (its own fsync)', figures.sqlite_save_ms],
      ['memory store: process RSS, 1 conversation, MB', figures.memory_rss_mb_empty],
      ['memory store: process RSS, 100k idle conversations, MB', figures.memory_rss_mb_100k],
      ['sqlite store: process RSS, 1 conversation, MB', figures.sqlite_rss_mb_empty],
      ['sqlite store: process RSS, 100k idle conversations, MB', figures.sqlite_rss_mb_100k],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v ?? 'n/a (no Redis)'}`);
    console.log(JSON.stringify(figures));
  }
}
