/**
 * `npm run bench [-- --quick]`: sira's figures, printed as a table and, as the last line, one
 * JSON object (null where a scenario cannot run yet). Measure, never assert: no test depends
 * on these numbers.
 */
import { parseArgs } from 'node:util';
import { benchCore } from './core';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const seconds = values.quick ? 2 : 5;

const core = benchCore(seconds);

const figures = {
  floor_rps: null,
  floor_cpu_us: null,
  sms_rps: null,
  sms_cpu_us: null,
  sms_p50_ms_at_500: null,
  sms_p99_ms_at_500: null,
  whatsapp_rps: null,
  whatsapp_cpu_us: null,
  whatsapp_p50_ms_at_500: null,
  redis_rps: null,
  redis_p50_ms_at_500: null,
  step_per_s: core.step_per_s,
  record_bytes: core.record_bytes,
  detect_p50_us: null,
  worker_gzip_kib: null,
};

const rows: [string, string][] = [
  ['core step() per second (restore + step + persist)', String(core.step_per_s)],
  ['persisted record, bytes (budget 1024)', String(core.record_bytes)],
];
const width = Math.max(...rows.map(([k]) => k.length));
console.log(`sira bench (${values.quick ? 'quick' : 'full'}, Node ${process.versions.node})`);
for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
console.log(JSON.stringify(figures));
