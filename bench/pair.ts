/**
 * `npx tsx bench/pair.ts <other checkout> [--rounds 6] [--redis]`: this checkout's sira against
 * another's (a `git worktree` of an earlier commit, with node_modules), for a change too small
 * for `npm run bench` to see. On these shared machines the host's speed moves by up to half
 * from one run to the next, so two runs one after the other compare the minutes more than the
 * code. Here both servers run at once, each on a store of its own (SQLite files, or Redis
 * prefixes with --redis and REDIS_URL), each saturated by a load generator of its own with
 * half the connections, so they share the host's moments; each round compares their CPU per
 * SMS. The order they start in is swapped every round, since it alone moves the figures by
 * several percent (on Redis the server started second read 6 to 10% cheaper); so the rounds
 * come in pairs, one of each order. Prints each round and the geometric mean of the ratios
 * (this / other). A round with any error answer or logged problem stops the comparison: a
 * server that fails fast would look cheap.
 *
 * Its own noise, measured with the same sira on both sides (December 2026): 1.015 and 1.045
 * over four rounds on SQLite, 1.028 and 1.061 over two, 0.968 over six on Redis. A mean within
 * 6% of 1 says nothing.
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runLoad, type Server, startServer } from './harness';
import { siraEnv } from './requests';
import { cpuDuring, settle, withStore } from './scenarios';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rounds: { type: 'string', default: '6' },
    redis: { type: 'boolean', default: false },
  },
});
const other = positionals[0];
const rounds = Number(values.rounds);
const redisUrl = process.env.REDIS_URL;
if (
  !other ||
  !Number.isInteger(rounds) ||
  rounds < 2 ||
  rounds % 2 ||
  (values.redis && !redisUrl)
) {
  console.error('usage: npx tsx bench/pair.ts <other checkout> [--rounds even N≥2] [--redis]');
  console.error('  --redis needs REDIS_URL; the other checkout needs its node_modules');
  process.exit(2);
}
const checkouts = { this: resolve(import.meta.dirname, '..'), other: resolve(other) };
const WARM_SECONDS = 2;
const MEASURE_SECONDS = 8;
const CONNECTIONS_EACH = 25;

const storeUrl = values.redis ? redisUrl : undefined;

/** Both checkouts' servers at once, `first` started first; CPU µs per SMS of each. */
async function round(first: 'this' | 'other'): Promise<Record<'this' | 'other', number>> {
  const order = first === 'this' ? (['this', 'other'] as const) : (['other', 'this'] as const);
  const figures = await withStore(storeUrl, (a) =>
    withStore(storeUrl, async (b) => {
      const servers: Server[] = [];
      try {
        for (const [i, which] of order.entries()) {
          const store = i === 0 ? a : b;
          servers.push(
            await startServer('sira', { ...siraEnv(undefined), ...store }, checkouts[which]),
          );
        }
        const load = (seconds: number) =>
          Promise.all(
            servers.map((s) =>
              runLoad({
                kind: 'sms',
                targets: [s.url],
                run: randomBytes(5).toString('hex').slice(0, 9),
                seconds,
                mode: { type: 'saturate', connections: CONNECTIONS_EACH },
              }),
            ),
          );
        await load(WARM_SECONDS);
        // As bench/scenarios.ts measures: deferred work of one phase does not land in the next.
        await settle();
        const { result: results, micros } = await cpuDuring(servers, () => load(MEASURE_SECONDS));
        const perSms = servers.map((s, i) => {
          const { completed = 0, errors = 0 } = results[i] ?? {};
          const used = micros[i];
          if (used == null) throw new Error('no CPU reading: bench/pair.ts needs /proc (Linux)');
          const problems = [...s.problems()].map(([event, n]) => `${n} × ${event}`);
          if (errors || problems.length || !completed) {
            throw new Error(
              `${order[i]} checkout: ${completed} answered, ${errors} errors; ${problems.join(', ') || 'nothing logged'}`,
            );
          }
          return used / completed;
        });
        return Object.fromEntries(order.map((which, i) => [which, perSms[i] as number]));
      } finally {
        await Promise.all(servers.map((s) => s.stop()));
      }
    }),
  );
  if (!figures) throw new Error(`no Redis answers at ${redisUrl}`);
  return figures as Record<'this' | 'other', number>;
}

const ratios: number[] = [];
for (let r = 0; r < rounds; r++) {
  const cpu = await round(r % 2 === 0 ? 'this' : 'other');
  const ratio = cpu.this / cpu.other;
  ratios.push(ratio);
  console.log(
    `round ${r + 1}: this ${Math.round(cpu.this)} µs, other ${Math.round(cpu.other)} µs per SMS, ` +
      `this/other ${ratio.toFixed(3)} (${r % 2 === 0 ? 'this' : 'other'} started first)`,
  );
}
const mean = Math.exp(ratios.reduce((sum, x) => sum + Math.log(x), 0) / ratios.length);
console.log(`geometric mean this/other over ${rounds} rounds: ${mean.toFixed(3)}`);
