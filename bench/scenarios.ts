/**
 * The HTTP scenarios, all through the same harness: start the servers, warm them up, then
 * measure twice, at saturation (requests/s and the servers' CPU µs per request) and at a fixed
 * rate from the open-loop generator (latency percentiles).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { removeUnder } from '../test/helpers/redis';
import { runLoad, type Server, startGraph, startServer } from './harness';
import type { LoadResult } from './load';
import { siraEnv, type WebhookKind } from './requests';

export interface Durations {
  warmSeconds: number;
  saturateSeconds: number;
  openSeconds: number;
  connections: number;
  /** Requests per second of the open-loop run. */
  rate: number;
}

export interface ScenarioFigures {
  saturation: LoadResult & { cpuUsPerRequest: number | null };
  open: LoadResult;
  /** The servers' logged warnings and errors over the scenario, warm-up included, by event. */
  problems: Record<string, number>;
}

/** Let deferred work (sends after the 200) finish, so CPU readings frame one phase only. */
const SETTLE_MS = 500;

/** Warm up, then saturate, then the fixed rate, against already running servers. */
async function measure(
  kind: WebhookKind,
  servers: readonly Server[],
  d: Durations,
): Promise<ScenarioFigures> {
  const targets = servers.map((s) => s.url);
  const run = randomBytes(4).toString('hex');
  const phase = (p: number) => `${run}${p}`;
  const saturate = { type: 'saturate' as const, connections: d.connections };
  await runLoad({ kind, targets, run: phase(0), seconds: d.warmSeconds, mode: saturate });
  await settle();
  const { result: saturation, micros } = await cpuDuring(servers, () =>
    runLoad({ kind, targets, run: phase(1), seconds: d.saturateSeconds, mode: saturate }),
  );
  const used = sumOrNull(micros);
  const cpuUsPerRequest =
    used === null || !saturation.completed ? null : Math.round(used / saturation.completed);
  const open = await runLoad({
    kind,
    targets,
    run: phase(2),
    seconds: d.openSeconds,
    mode: { type: 'open', rate: d.rate },
  });
  await settle();
  return { saturation: { ...saturation, cpuUsPerRequest }, open, problems: problemsOf(servers) };
}

/**
 * Run `phase` against `servers`, then let its deferred work finish: its result, and the CPU µs
 * each server used meanwhile (null where /proc is missing).
 */
export async function cpuDuring<T>(
  servers: readonly Server[],
  phase: () => Promise<T>,
): Promise<{ result: T; micros: (number | null)[] }> {
  const before = servers.map((s) => s.cpuMicros());
  const result = await phase();
  await settle();
  const micros = servers.map((s, i) => {
    const [start, end] = [before[i], s.cpuMicros()];
    return start == null || end === null ? null : end - start;
  });
  return { result, micros };
}

function problemsOf(servers: readonly Server[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const [problem, n] of servers.flatMap((s) => [...s.problems()])) {
    total[problem] = (total[problem] ?? 0) + n;
  }
  return total;
}

/**
 * The bare Hono app, sent the same SMS webhooks: `bare` answers them without looking, `signed`
 * reads each and checks its Twilio signature first (the edge), `stored` also claims the message
 * and saves one record, `lean` runs the pipeline without sira's additions, `bound` the
 * same without the store's coordination (claim, lock, confirmation); the last three on SQLite,
 * or on Redis when `redisUrl` is given (see bench/floor.ts). Null when no Redis answers there.
 */
export function floorScenario(
  d: Durations,
  mode: 'bare' | 'signed' | 'stored' | 'lean' | 'bound' = 'bare',
  redisUrl?: string,
): Promise<ScenarioFigures | null> {
  const env = { ...siraEnv(undefined), FLOOR: mode };
  const run = (store: StoreEnv = {}) => measureServers('floor', { ...env, ...store }, 1, 'sms', d);
  if (mode === 'bare' || mode === 'signed') return run();
  return withStore(redisUrl, run);
}

/**
 * Run `fn` with a fresh store of its own, removed afterwards: a Redis prefix when `redisUrl` is
 * given (null when no Redis answers there), else a SQLite file.
 */
export function withStore<T>(
  redisUrl: string | undefined,
  fn: (store: StoreEnv) => Promise<T>,
): Promise<T | null> {
  return redisUrl ? withRedisPrefix(redisUrl, fn) : withSqliteFile(fn);
}

/**
 * sira on its default Node store (SQLite, each write synced before it resolves) in a fresh
 * temporary file.
 */
export async function sqliteScenario(kind: WebhookKind, d: Durations): Promise<ScenarioFigures> {
  const graph = kind === 'whatsapp' ? await startGraph() : undefined;
  try {
    return await withSqliteFile((store) =>
      measureServers('sira', { ...siraEnv(graph?.url), ...store }, 1, kind, d),
    );
  } finally {
    await graph?.stop();
  }
}

/**
 * sira on Redis; `instances` servers share it and the load is split across them. Null when no
 * Redis answers at `url`.
 */
export function redisScenario(
  url: string,
  instances: number,
  d: Durations,
): Promise<ScenarioFigures | null> {
  return withRedisPrefix(url, (store) =>
    measureServers('sira', { ...siraEnv(undefined), ...store }, instances, 'sms', d),
  );
}

/** Start `instances` servers with `env`, measure them, stop them. */
async function measureServers(
  which: 'sira' | 'floor',
  env: Record<string, string>,
  instances: number,
  kind: WebhookKind,
  d: Durations,
): Promise<ScenarioFigures> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < instances; i++) servers.push(await startServer(which, env));
    return await measure(kind, servers, d);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

type StoreEnv = Record<string, string>;

/** Run `fn` with the settings of a SQLite store in a fresh temporary file, removed afterwards. */
async function withSqliteFile<T>(fn: (store: StoreEnv) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'sira-bench-'));
  try {
    return await fn({ SIRA_DB: join(dir, 'sira.db') });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Run `fn` with the settings of a Redis store under a key prefix of its own, removed
 * afterwards. Null when no Redis answers at `url`.
 */
async function withRedisPrefix<T>(
  url: string,
  fn: (store: StoreEnv) => Promise<T>,
): Promise<T | null> {
  const prefix = `sira-bench-${randomBytes(4).toString('hex')}:`;
  const client = createClient({ url });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch {
    return null;
  }
  try {
    return await fn({ REDIS_URL: url, SIRA_REDIS_PREFIX: prefix });
  } finally {
    try {
      await removeUnder(client, prefix);
    } finally {
      await client.close();
    }
  }
}

export function settle() {
  return new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
}

function sumOrNull(values: readonly (number | null)[]): number | null {
  return values.some((v) => v === null)
    ? null
    : values.reduce((sum: number, v) => sum + (v as number), 0);
}
