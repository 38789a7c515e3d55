/**
 * One harness for every scenario: the servers under test, the fake Graph API and the load
 * generator each run as their own Node process (with tsx), as in production, never inside the
 * process that orchestrates. A server's CPU time is read from /proc, so the figure is that of
 * the real `src/entry/node.ts` process, untouched by the measuring.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/helpers/serve';
import type { LoadResult, LoadSpec } from './load';
import { startFlags } from './node-flags';

export interface Server {
  url: string;
  /** CPU time (user + system) the process has used so far, µs; null where /proc is missing. */
  cpuMicros(): number | null;
  /**
   * The warnings and errors it logged so far, counted by level and event (its log lines carry
   * no personal data): what to read when a scenario reports errors.
   */
  problems(): ReadonlyMap<string, number>;
  stop(): Promise<void>;
}

const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

function node(
  script: string,
  args: string[],
  env: Record<string, string>,
  flags: string[] = [],
  cwd?: string,
): ChildProcess {
  return spawn(process.execPath, [...flags, '--import', 'tsx', script, ...args], {
    cwd,
    env: { ...withoutStoreSettings(process.env), ...env },
    // Logs go where a production server's go; the harness counts the warnings and errors.
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

/**
 * The bench's own environment less the store's settings: REDIS_URL there only says that the
 * Redis scenarios may run. Inherited, it would put the SQLite scenarios on Redis too (it did),
 * under the default prefix, with nothing removing their keys afterwards.
 */
function withoutStoreSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { REDIS_URL: _url, SIRA_REDIS_PREFIX: _prefix, SIRA_DB: _db, ...rest } = env;
  return rest;
}

/**
 * Start `src/entry/node.ts` (the real server, store chosen by `env` as `npm start` chooses it)
 * or the bare floor, on a free port, and wait until it answers /healthz. `checkout` runs sira
 * from another checkout instead of this one (see bench/pair.ts), in that checkout's folder so
 * that its own tsx and tsconfig load it; the Node flags are still this checkout's.
 */
export async function startServer(
  which: 'sira' | 'floor',
  env: Record<string, string>,
  checkout = path('..'),
): Promise<Server> {
  const port = await freePort();
  const script = which === 'sira' ? join(checkout, 'src/entry/node.ts') : path('./floor.ts');
  // sira runs with the flags of `npm start`, and the floor too, so that its figures compare
  // with sira's. BENCH_PROFILE=<dir>: each server writes a V8 CPU profile there when it stops,
  // named after what it ran (sira, floor-stored, floor-lean…) and its process id.
  const profile = process.env.BENCH_PROFILE;
  const name = which === 'floor' ? `floor-${env.FLOOR}` : which;
  const profiling = profile
    ? ['--cpu-prof', `--cpu-prof-dir=${profile}`, `--cpu-prof-name=${name}.\${pid}.cpuprofile`]
    : [];
  const flags = [...startFlags(), ...profiling];
  const folder = which === 'sira' ? checkout : undefined;
  const child = node(script, [], { ...env, PORT: String(port) }, flags, folder);
  const problems = new Map<string, number>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const problem = loggedProblem(line);
    if (problem) problems.set(problem, (problems.get(problem) ?? 0) + 1);
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`${which} server exited (${code})`))),
  );
  exited.catch(() => {});
  const url = `http://127.0.0.1:${port}`;
  try {
    await Promise.race([healthy(url), exited]);
  } catch (error) {
    await stop(child);
    throw error;
  }
  return {
    url,
    cpuMicros: () => cpuMicros(child.pid as number),
    problems: () => problems,
    stop: () => stop(child),
  };
}

/** "warn store.unavailable" for a log line of level warn or error; null for any other line. */
function loggedProblem(line: string): string | null {
  // Most lines are info: told apart without parsing, to spare the machine under test.
  if (!line.includes('"level":"warn"') && !line.includes('"level":"error"')) return null;
  const { level, event } = JSON.parse(line) as { level: string; event: string };
  return `${level} ${event}`;
}

/** The fake Graph API in its own process; its URL (WHATSAPP_GRAPH_URL) and a way to stop it. */
export async function startGraph(): Promise<{ url: string; stop(): Promise<void> }> {
  const child = node(path('./graph.ts'), [], {});
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`fake Graph API exited (${code})`)));
  });
  child.stdout?.resume();
  return { url, stop: () => stop(child) };
}

/** Run the load generator in its own process and wait for its figures. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const child = node(path('./load.ts'), [JSON.stringify(spec)], {});
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`load generator exited (${code})`);
  return JSON.parse(out) as LoadResult;
}

async function healthy(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never became healthy`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

let ticksPerSecond: number | undefined;

/** utime + stime of a process from /proc/<pid>/stat (fields 14 and 15, in clock ticks). */
function cpuMicros(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / ticksPerSecond;
  } catch {
    return null;
  }
}
