/**
 * Serialise work per key inside one process: a promise chain per key, so work on one
 * conversation runs one at a time and in the order it was asked for. The memory and SQLite
 * stores use it alone (they serve one process); the Redis store puts it in front of its
 * distributed lock, so an instance's own callers queue here in order instead of polling Redis.
 */
export type LocalLock = <T>(key: string, fn: () => Promise<T>) => Promise<T>;

export function createLocalLock(): LocalLock {
  const tails = new Map<string, Promise<unknown>>();
  return async (key, fn) => {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const tail = run.catch(() => {});
    tails.set(key, tail);
    try {
      return await run;
    } finally {
      // The last one out removes the key, so the map holds only conversations being worked on.
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}
