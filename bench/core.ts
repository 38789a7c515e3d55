import { rawContent } from '../src/content/bundle';
import { compileContent } from '../src/content/compile';
import type { Content } from '../src/core/flows/content';
import type { ConversationRecord } from '../src/core/record';
import { step } from '../src/core/step';
import { senderOf, textOf } from './requests';

export interface CoreFigures {
  step_per_s: number;
  /** The same over the HTTP scenarios' traffic (not in the JSON line: the issue's keys only). */
  traffic_step_per_s: number;
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
 * a store would. `step_per_s` walks one conversation through menus, answers and commands;
 * `traffic_step_per_s` steps the messages the HTTP scenarios send (bench/requests.ts): many
 * conversations, new ones among them, and free text that is searched. The first `seconds` of
 * each are a warm-up, not counted: cold, the same loop runs at a third of its steady rate (the
 * JIT and the content's caches). The record's size is the largest persisted in the menu walk's
 * warm-up.
 */
export function benchCore(seconds: number): CoreFigures {
  const content = compileContent(rawContent);
  const inputs = ['1', '2', '1', 'back', '3', 'menu', '4', 'xyz', '2'];
  const menu = stepper(
    content,
    (n) => ({ key: 'k', text: inputs[n % inputs.length] as string }),
    new Map([['k', JSON.stringify(idleRecord('k', content))]]),
  );
  let largest = 0;
  // Sizes are taken in the warm-up, which goes through the same inputs many times over, so
  // that measuring them costs the timed run nothing.
  menu(seconds, (json) => {
    largest = Math.max(largest, Buffer.byteLength(json));
  });
  const steps = menu(seconds);
  const traffic = stepper(content, (n) => ({ key: senderOf(n), text: textOf(n) }), new Map());
  traffic(seconds);
  const trafficSteps = traffic(seconds);
  return {
    step_per_s: Math.round(steps / seconds),
    traffic_step_per_s: Math.round(trafficSteps / seconds),
    record_bytes: largest,
  };
}

/** Which conversation the nth message goes to, and what it says. */
type Traffic = (n: number) => { key: string; text: string };

/**
 * Steps `traffic` over `records` (conversation key to persisted JSON) for a given time; returns
 * how many steps it made. `persisted` sees each record stored.
 */
function stepper(content: Content, traffic: Traffic, records: Map<string, string>) {
  let n = 0;
  let ids = 0;
  const ctx = {
    now: 0,
    newId: () => `o${++ids}`,
    content,
    ttlMs: 86_400_000,
    transcriptMs: 86_400_000,
  };
  return (seconds: number, persisted?: (json: string) => void) => {
    const start = n;
    const deadline = performance.now() + seconds * 1000;
    while (performance.now() < deadline) {
      for (let i = 0; i < 200; i++, n++) {
        const { key, text } = traffic(n);
        const stored = records.get(key);
        const record = stored === undefined ? null : (JSON.parse(stored) as ConversationRecord);
        const message = {
          channel: 'sms' as const,
          messageId: `m${n}`,
          from: '+15550100001',
          at: 0,
          content: { type: 'text' as const, text },
        };
        const result = step(record, { type: 'message', key, message }, ctx);
        const json = JSON.stringify({ ...result.record, outbox: [] });
        records.set(key, json);
        persisted?.(json);
      }
    }
    return n - start;
  };
}
