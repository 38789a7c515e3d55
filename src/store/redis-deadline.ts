/** The part of a node-redis client this needs: a copy of it whose commands carry `signal`. */
interface Abortable<C> {
  withAbortSignal(signal: AbortSignal): C;
}

/** Commands sent within this long of each other share one deadline. */
export const DEADLINE_WINDOW_MS = 250;

/**
 * A bound on how long a command may wait to be written, shared by the commands of each
 * DEADLINE_WINDOW_MS: returns the client to send a command with now.
 *
 * node-redis has this bound built in (`commandOptions.timeout`), as one `AbortSignal.timeout`
 * per command. That timer cannot be cleared, so every command's fires later anyway and builds
 * a DOMException: a fifth of an SMS's CPU on the Redis store in the bench profile. Here the
 * commands of one window share one AbortController, aborted `timeoutMs` after the window
 * closes. node-redis drops a command's abort listener once the command is written, as it does
 * its timeout's, so the abort fails only commands still waiting to be written (their socket
 * backed up behind a Redis that stopped reading), which then surely did not run: the same
 * guarantee, with a deadline between `timeoutMs` and `timeoutMs` plus the window.
 */
export function sharedDeadlines<C>(client: Abortable<C>, timeoutMs: number): () => C {
  let current: C | null = null;
  let closesAt = 0;
  return () => {
    const now = Date.now();
    if (current && now < closesAt) return current;
    const controller = new AbortController();
    current = client.withAbortSignal(controller.signal);
    closesAt = now + DEADLINE_WINDOW_MS;
    // Unref'd: a deadline never keeps a process alive that has nothing else to do.
    setTimeout(() => controller.abort(), DEADLINE_WINDOW_MS + timeoutMs).unref();
    return current;
  };
}
