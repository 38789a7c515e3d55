/**
 * `npx tsx bench/profile.ts <dir or .cpuprofile>`: where a sira server's time went, from the V8
 * CPU profile that `BENCH_PROFILE=<dir> npm run bench -- --only sms` has it write. Each sample
 * is charged to the innermost frame that belongs to one of the parts below (so the SQLite calls
 * made from the pipeline count as SQLite, not as pipeline), as a share of the time the server
 * was busy after start-up. A flat table says no single fix would change the whole much.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface Frame {
  functionName: string;
  url: string;
}
interface ProfileNode {
  id: number;
  callFrame: Frame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const REDIS_PART = 'Redis: store calls, node-redis client and its socket';

/** The parts of a message's work, innermost first: the first that matches a frame takes it. */
const PARTS: { name: string; has: (f: Frame) => boolean }[] = [
  {
    // The log's fsync runs on libuv's thread pool, which this profile of the main thread omits.
    name: 'SQLite: COMMIT (writing the log)',
    has: (f) => f.url.endsWith('store/sqlite-commit.ts'),
  },
  {
    name: 'SQLite: statements (claim, load, save, confirm)',
    has: (f) => f.url.endsWith('store/sqlite.ts'),
  },
  { name: REDIS_PART, has: (f) => f.url.endsWith('store/redis.ts') },
  { name: 'distress detection', has: (f) => f.url.includes('/core/distress/') },
  { name: 'XState transition', has: (f) => f.url.includes('/xstate/') },
  { name: 'core: flows, search, i18next, render', has: (f) => f.url.includes('/src/core/') },
  {
    name: 'Twilio signature (twilio helper, HMAC-SHA1)',
    has: (f) => f.url.includes('/twilio/lib/') || f.functionName === 'isSignedByTwilio',
  },
  {
    name: 'pseudonym and address sealing (HMAC, AES-GCM)',
    has: (f) => /node-pseudonym|node-address-cipher|runtime\/pseudonym/.test(f.url),
  },
  { name: 'daily metrics', has: (f) => /store\/metrics|core\/metrics/.test(f.url) },
  {
    name: 'pipeline: routes, receive, commitStep, lock, TwiML',
    has: (f) => f.url.includes('/src/'),
  },
  {
    name: 'HTTP: node:http, sockets, Hono',
    has: (f) =>
      /hono|node:_http|node:net|stream/.test(f.url) || f.functionName === 'writeUtf8String',
  },
];

/** Loading modules, and `main` of `npm start` (content compiled, store opened), not the sweep. */
const START_UP = (f: Frame) =>
  /internal\/modules|loader|module_job|run_main/.test(f.url) ||
  (f.functionName === 'main' && f.url.endsWith('entry/node.ts'));

/** A log line's write to stdout is logging, though its frames below are those of a socket's. */
const LOGGING = (f: Frame) => /node-log-lines|runtime\/log\.ts/.test(f.url);

/**
 * The same for node-redis: its socket writes and parsing are Redis's. Its frames only, not the
 * store's: the store's lock calls the pipeline, so any frame of it below would claim that too.
 */
const REDIS_CLIENT = (f: Frame) => f.url.includes('/@redis/');

function summarise(profile: CpuProfile): { part: string; ms: number }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const spent = new Map<string, number>();
  const charge = (part: string, us: number) => spent.set(part, (spent.get(part) ?? 0) + us);

  profile.samples.forEach((id, i) => {
    const chain: Frame[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at);
      if (node) chain.push(node.callFrame);
    }
    charge(partOf(chain), profile.timeDeltas[i] ?? 0);
  });
  spent.delete(IDLE);
  return [...spent].map(([part, us]) => ({ part, ms: us / 1000 })).sort((a, b) => b.ms - a.ms);
}

const IDLE = '(idle)';
const START_UP_PART = 'start-up (excluded)';

function partOf(chain: Frame[]): string {
  const leaf = chain[0]?.functionName ?? '';
  if (leaf === IDLE) return IDLE;
  if (leaf === '(garbage collector)') return 'garbage collection';
  if (chain.some(START_UP)) return START_UP_PART;
  if (chain.some(LOGGING)) return 'logging';
  if (chain.some(REDIS_CLIENT)) return REDIS_PART;
  // The innermost frame any part claims, given to the first part (most specific) that does.
  const frame = chain.find((f) => PARTS.some((p) => p.has(f)));
  const part = frame && PARTS.find((p) => p.has(frame));
  return part?.name ?? 'other: V8, libuv, promises, timers';
}

function profilesIn(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(path, f));
}

const target = process.argv[2];
if (!target) {
  console.error('usage: npx tsx bench/profile.ts <dir or file.cpuprofile>');
  process.exit(2);
}
for (const file of profilesIn(target)) {
  const rows = summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
  const busy = rows.filter((r) => r.part !== START_UP_PART).reduce((a, r) => a + r.ms, 0);
  console.log(`${file}: ${busy.toFixed(0)} ms busy after start-up`);
  for (const { part, ms } of rows) {
    const share = part === START_UP_PART ? '' : `${((ms / busy) * 100).toFixed(1)}%`;
    console.log(`  ${share.padStart(6)}  ${ms.toFixed(0).padStart(6)} ms  ${part}`);
  }
}
