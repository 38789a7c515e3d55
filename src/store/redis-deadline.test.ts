import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEADLINE_WINDOW_MS, sharedDeadlines } from './redis-deadline';

/** Stands in for node-redis's client: what `withAbortSignal` gives is the signal itself. */
const client = { withAbortSignal: (signal: AbortSignal) => signal };

afterEach(() => {
  vi.useRealTimers();
});

describe('shared command deadlines', () => {
  it('gives the commands of one window one signal, and the next window another', () => {
    vi.useFakeTimers();
    const next = sharedDeadlines(client, 2_000);
    const first = next();
    vi.advanceTimersByTime(DEADLINE_WINDOW_MS - 1);
    expect(next()).toBe(first);
    vi.advanceTimersByTime(1);
    expect(next()).not.toBe(first);
  });

  it('aborts a window the timeout after it closes, not before', () => {
    vi.useFakeTimers();
    const signal = sharedDeadlines(client, 2_000)();
    vi.advanceTimersByTime(DEADLINE_WINDOW_MS + 2_000 - 1);
    expect(signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(signal.aborted).toBe(true);
  });
});
