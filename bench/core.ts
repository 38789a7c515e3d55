import { rawContent } from '../src/content/bundle';
import { compileContent } from '../src/content/compile';
import type { Content } from '../src/core/flows/content';
import type { ConversationRecord } from '../src/core/record';
import { step } from '../src/core/step';

export interface CoreFigures {
  step_per_s: number;
  /** The largest persisted record of a conversation moving through the flows, outbox sent. */
  record_bytes: number;
}

/**
 * A conversation that has chosen French and sits in the main menu with nothing left to send:
 * what most stored conversations look like most of the time.
 */
export function idleRecord(
  key: string,
  content: Content,
  from = '+15550100001',
): ConversationRecord {
  const ctx = { now: 0, newId: () => 'o1', content, ttlMs: 86_400_000, transcriptMs: 86_400_000 };
  const message = {
    channel: 'sms' as const,
    messageId: 'm0',
    from,
    at: 0,
    content: { type: 'text' as const, text: 'francais' },
  };
  const record = step(null, { type: 'message', key, message }, ctx).record;
  return { ...record, outbox: [] };
}

/**
 * The core alone: `step()` with a restore from JSON and a persist to JSON around each call, as
 * a store would, over a conversation that moves through menus, answers and commands. The first
 * `seconds` are a warm-up, not counted: cold, the same loop runs at a third of its steady rate
 * (the JIT and the content's caches). The record's size is the largest persisted in the warm-up.
 */
export function benchCore(seconds: number): CoreFigures {
  const content = compileContent(rawContent);
  const inputs = ['1', '2', '1', 'back', '3', 'menu', '4', 'xyz', '2'];
  let ids = 0;
  const ctx = {
    now: 0,
    newId: () => `o${++ids}`,
    content,
    ttlMs: 86_400_000,
    transcriptMs: 86_400_000,
  };
  const message = (i: number) => ({
    channel: 'sms' as const,
    messageId: `m${i}`,
    from: '+15550100001',
    at: 0,
    content: { type: 'text' as const, text: inputs[i % inputs.length] as string },
  });
  let stored = JSON.stringify(idleRecord('k', content));
  let n = 0;
  let largest = 0;
  /** Steps for `seconds`; how many it made. `persisted` sees each record stored. */
  const run = (seconds: number, persisted?: (json: string) => void) => {
    const start = n;
    const deadline = performance.now() + seconds * 1000;
    while (performance.now() < deadline) {
      for (let i = 0; i < 200; i++, n++) {
        const record = JSON.parse(stored) as ConversationRecord;
        const result = step(record, { type: 'message', key: 'k', message: message(n) }, ctx);
        stored = JSON.stringify({ ...result.record, outbox: [] });
        persisted?.(stored);
      }
    }
    return n - start;
  };
  // Sizes are taken in the warm-up, which goes through the same inputs many times over, so
  // that measuring them costs the timed run nothing.
  run(seconds, (json) => {
    largest = Math.max(largest, Buffer.byteLength(json));
  });
  const steps = run(seconds);
  return { step_per_s: Math.round(steps / seconds), record_bytes: largest };
}
