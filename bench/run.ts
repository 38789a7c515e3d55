/**
 * `npm run bench [-- --quick]`: sira beside the floor in one run. Each HTTP scenario starts its
 * servers, load generator (and fake Graph API) as processes of their own (bench/harness.ts),
 * warms up, then measures at saturation and at a fixed 500 requests/s (bench/scenarios.ts).
 * Then the core's own figures. Prints a table and, as the last line, one JSON object (null
 * where a scenario cannot run). Measure, never assert: no test depends on these numbers.
 * REDIS_URL enables the Redis scenarios. `--only sms` (floor, edge, stored, lean, bound, sms,
 * whatsapp, redis) runs one scenario, for profiling with BENCH_PROFILE=<dir> (see
 * bench/harness.ts). The edge rows are the floor plus what no SMS webhook may skip, the lean rows
 * the pipeline without what sira adds to it, the bound rows lean without the store's
 * claim, lock and confirmation (bench/floor.ts); they are in the table,
 * not in the JSON line, which keeps the keys the speed issue asked for. `--quick` leaves them
 * out unless `--only` names them, so that it stays under a minute with REDIS_URL set.
 */
import { parseArgs } from 'node:util';
import { benchCore } from './core';
import { benchDetect } from './detect';
import {
  type Durations,
  floorScenario,
  redisScenario,
  type ScenarioFigures,
  sqliteScenario,
} from './scenarios';
import { segmentsPerLanguage } from './segments';
import { workerFigures } from './worker-size';

const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } },
});
const quick = values.quick;
/** The rows that explain the others rather than answer the issue (see above). */
const EXPLAINING = new Set(['edge', 'stored', 'lean', 'bound']);
const wanted = (id: string) => (values.only ? values.only === id : !(quick && EXPLAINING.has(id)));
const skip = Promise.resolve(null);
const durations: Durations = quick
  ? { warmSeconds: 1, saturateSeconds: 3, openSeconds: 2, connections: 50, rate: 500 }
  : { warmSeconds: 3, saturateSeconds: 10, openSeconds: 10, connections: 50, rate: 500 };
const redisUrl = process.env.REDIS_URL;

const scenarios: [string, ScenarioFigures | null][] = [];
const scenario = async (name: string, figures: Promise<ScenarioFigures | null>) => {
  const result = await figures;
  scenarios.push([name, result]);
  return result;
};
const floor = await scenario(
  'floor (bare Hono)',
  wanted('floor') ? floorScenario(durations) : skip,
);
await scenario(
  'edge (+ body, Twilio signature)',
  wanted('edge') ? floorScenario(durations, 'signed') : skip,
);
/** The explaining rows that run on a store: on SQLite, or on Redis when REDIS_URL is set. */
const onStore = async (store: 'SQLite' | 'Redis', url?: string) => {
  const rows = [
    ['stored', 'stored edge (+ claim, 1 save'],
    ['lean', 'lean sms (the issue’s list'],
    ['bound', 'bound (lean less claim, lock, confirm'],
  ] as const;
  for (const [mode, label] of rows) {
    const runs = wanted(mode) && (store === 'SQLite' || url);
    await scenario(`${label}; ${store})`, runs ? floorScenario(durations, mode, url) : skip);
  }
};
await onStore('SQLite');
const sms = await scenario('sms (SQLite)', wanted('sms') ? sqliteScenario('sms', durations) : skip);
const whatsapp = await scenario(
  'whatsapp (SQLite)',
  wanted('whatsapp') ? sqliteScenario('whatsapp', durations) : skip,
);
await onStore('Redis', redisUrl);
const onRedis = (instances: number) =>
  redisUrl && wanted('redis') ? redisScenario(redisUrl, instances, durations) : skip;
const redis = await scenario('sms (Redis, 1 instance)', onRedis(1));
if (!quick) await scenario('sms (Redis, 2 instances)', onRedis(2));

const core = benchCore(quick ? 1 : 3);
const detect = benchDetect(quick ? 3 : 20);
const segments = await segmentsPerLanguage();
const worker = await workerFigures();

const figures = {
  floor_rps: floor?.saturation.rps ?? null,
  floor_cpu_us: floor?.saturation.cpuUsPerRequest ?? null,
  sms_rps: sms?.saturation.rps ?? null,
  sms_cpu_us: sms?.saturation.cpuUsPerRequest ?? null,
  sms_p50_ms_at_500: sms?.open.p50ms ?? null,
  sms_p99_ms_at_500: sms?.open.p99ms ?? null,
  whatsapp_rps: whatsapp?.saturation.rps ?? null,
  whatsapp_cpu_us: whatsapp?.saturation.cpuUsPerRequest ?? null,
  whatsapp_p50_ms_at_500: whatsapp?.open.p50ms ?? null,
  redis_rps: redis?.saturation.rps ?? null,
  redis_p50_ms_at_500: redis?.open.p50ms ?? null,
  step_per_s: core.step_per_s,
  record_bytes: core.record_bytes,
  detect_p50_us: detect.p50us,
  worker_gzip_kib: worker.gzipKib,
};

const d = durations;
console.log(
  `sira bench (${quick ? 'quick' : 'full'}, Node ${process.versions.node}): saturation ` +
    `${d.saturateSeconds} s with ${d.connections} connections, then ${d.rate} req/s open loop ` +
    `for ${d.openSeconds} s, each after ${d.warmSeconds} s of warm-up`,
);
// Two shares of the floor: of its requests a second (the measure), and of its CPU per
// request, the one to read when the load generator, not the server, paced the floor.
const columns = [
  'scenario',
  'req/s',
  '% floor',
  'cpu µs/req',
  '% floor cpu',
  'p50 ms',
  `p50@${d.rate}`,
  `p99@${d.rate}`,
  `max@${d.rate}`,
  'errors',
];
const floorCpu = floor?.saturation.cpuUsPerRequest;
const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)}%`;
const table = scenarios.map(([name, f]) => {
  if (!f) return [name, 'not run (left out by --quick or --only, or no Redis at REDIS_URL)'];
  const cpu = f.saturation.cpuUsPerRequest;
  return [
    name,
    String(f.saturation.rps),
    floor ? percent(f.saturation.rps, floor.saturation.rps) : '',
    String(cpu ?? 'n/a'),
    floorCpu && cpu ? percent(floorCpu, cpu) : '',
    String(f.saturation.p50ms),
    String(f.open.p50ms),
    String(f.open.p99ms),
    String(f.open.maxMs),
    String(f.saturation.errors + f.open.errors),
  ];
});
// A scenario not run has one note for all its figures: it does not set the figures' widths.
const measured = table.filter((row) => row.length === columns.length);
const widths = columns.map((c, i) =>
  Math.max(c.length, ...(i === 0 ? table : measured).map((r) => r[i]?.length ?? 0)),
);
const line = (cells: string[]) =>
  `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')}`;
console.log(line(columns));
for (const row of table) console.log(line(row));
for (const [name, f] of scenarios) {
  const logged = Object.entries(f?.problems ?? {}).map(([p, n]) => `${p} ×${n}`);
  if (logged.length) console.log(`  ${name}: the server logged ${logged.join(', ')}`);
}
const rows: [string, string][] = [
  ['core step() per second (restore + step + persist)', String(core.step_per_s)],
  [
    '  the same over the webhooks’ traffic (new conversations, free text)',
    String(core.traffic_step_per_s),
  ],
  ['largest persisted record, bytes (budget 1024)', String(core.record_bytes)],
  [
    `distress detection, µs p50 / p99 (${detect.messages} labelled messages)`,
    `${detect.p50us} / ${detect.p99us}`,
  ],
  ['Worker bundle, gzip KiB', String(worker.gzipKib ?? 'n/a')],
  [
    'Worker startup, CPU ms in local workerd (Cloudflare’s limit 1000)',
    String(worker.startupMs ?? 'n/a'),
  ],
  ...Object.entries(segments).map(([lng, s]): [string, string] => [
    `SMS segments per reply, ${lng} (first menu levels, help, STOP, START)`,
    `avg ${s.avg}, max ${s.max} over ${s.replies} replies`,
  ]),
];
const width = Math.max(...rows.map(([k]) => k.length));
for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
console.log(JSON.stringify(figures));
