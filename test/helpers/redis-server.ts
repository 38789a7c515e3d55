import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { afterAll } from 'vitest';

/**
 * Whether `redis-server` can be run here, for tests that need a Redis of their own to stop
 * (never the shared one). Outside CI its absence skips them, saying why; inside CI it fails.
 */
export function redisServerAvailable(): boolean {
  const found = spawnSync('redis-server', ['--version']).status === 0;
  if (found) return true;
  if (process.env.CI === 'true') throw new Error('CI=true and redis-server is not installed');
  console.warn('Skipping: redis-server is not installed (apt-get install redis-server).');
  return false;
}

const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * A private redis-server on `port` keeping its data in `dir` with every write fsynced before
 * it is acknowledged (AOF, `appendfsync always`), so a SIGKILL loses nothing it confirmed and
 * a restart on the same `dir` comes back with everything.
 */
export async function startRedisServer(dir: string, port: number) {
  const child = spawn(
    'redis-server',
    [
      ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir],
      ...['--appendonly', 'yes', '--appendfsync', 'always', '--save', ''],
    ],
    { stdio: 'ignore' },
  );
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; i < 100; i++) {
    if (
      spawnSync('redis-cli', ['-p', String(port), 'ping'])
        .stdout?.toString()
        .includes('PONG')
    )
      break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    /**
     * Freeze it (SIGSTOP): connections stay open and nothing is read or answered, as with a
     * Redis stuck on a slow disk or swapped out, until `resume`.
     */
    pause() {
      child.kill('SIGSTOP');
    },
    resume() {
      child.kill('SIGCONT');
    },
    /** Stop it the hard way, as a crash or an OOM kill would. */
    async kill() {
      child.kill('SIGKILL');
      await exited;
      running.delete(child);
    },
  };
}
