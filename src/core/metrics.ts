import type { Handoff } from './conversation/handoff';
import type { ShellEffect } from './effects';
import { type Content, findNode } from './flows/content';
import { type ConversationRecord, OPTED_OUT } from './record';
import type { StepEvent } from './step';
import { fold } from './text';

/**
 * What programme managers may count, with no message text and no pseudonym: each metric is a
 * name, a few labels from closed sets (channel, language, node, category...) and a number to add.
 * The one exception the reports need, the words of questions sira did not understand, is
 * stripped of digits and kept short (see `unknownWords`).
 */
export interface Metric {
  name: MetricName;
  labels: Record<string, string>;
  /** How much to add (1 for an event). */
  n: number;
}

export type MetricName =
  | 'conversation_started'
  | 'language_chosen'
  | 'node_viewed'
  | 'city_asked'
  | 'question'
  | 'escalation'
  | 'first_reply_minutes'
  | 'closed_minutes'
  | 'opt_out'
  | 'erasure';

/**
 * Upper bounds (minutes) of the buckets times to a human are counted in: enough resolution for
 * a median and a 90th percentile against a target of minutes to hours, without storing times.
 */
export const MINUTE_BUCKETS = [1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 480, 720, 1440];

/** The bucket a duration falls in: its upper bound, or `more` past the last. */
export function bucketOf(minutes: number): string {
  const bound = MINUTE_BUCKETS.find((b) => minutes <= b);
  return bound === undefined ? 'more' : String(bound);
}

const metric = (name: MetricName, labels: Record<string, string> = {}): Metric => ({
  name,
  labels,
  n: 1,
});

/**
 * The metrics one step produced, read off the records before and after it: the core's turns
 * stay free of counting, and what is counted is exactly what was saved. Pure.
 */
export function metricsOf(
  before: ConversationRecord | null,
  after: ConversationRecord,
  event: StepEvent,
  effects: readonly ShellEffect[],
  content: Content,
  now: number,
): Metric[] {
  const out: Metric[] = [];
  const channel = after.channel;
  if (!before) out.push(metric('conversation_started', { channel }));
  if (!before?.ctx.lng && after.ctx.lng)
    out.push(metric('language_chosen', { lng: after.ctx.lng, channel }));
  const from = before?.ctx.pos;
  const to = after.ctx.pos;
  const moved = to && (from?.flow !== to.flow || from?.node !== to.node);
  if (to && moved) {
    out.push(metric('node_viewed', { flow: to.flow, node: to.node, lng: after.ctx.lng ?? '' }));
    const city = findNode(content, to)?.directory?.city;
    if (city) out.push(metric('city_asked', { city }));
  }
  const question = questionOutcome(before, after, event, Boolean(moved), content);
  if (question) out.push(question);
  for (const effect of effects) {
    if (effect.type === 'handoff.opened') {
      out.push(
        metric('escalation', { category: effect.category, severity: effect.severity, channel }),
      );
    }
    if (effect.type === 'handoff.closed' && before?.ctx.handoff) {
      out.push(
        metric('closed_minutes', { bucket: bucketOf(minutesSince(before.ctx.handoff, now)) }),
      );
    }
    if (effect.type === 'erase') out.push(metric('erasure', { channel }));
  }
  const firstReply = firstHumanReply(before?.ctx.handoff, after.ctx.handoff);
  if (firstReply)
    out.push(metric('first_reply_minutes', { bucket: bucketOf(minutesSince(firstReply, now)) }));
  if (before?.state !== OPTED_OUT && after.state === OPTED_OUT)
    out.push(metric('opt_out', { channel }));
  return out;
}

const minutesSince = (handoff: Handoff, now: number) => (now - handoff.openedAt) / 60_000;

/** The escalation whose first worker reply this step carried, if it did. */
function firstHumanReply(
  before: Handoff | undefined,
  after: Handoff | undefined,
): Handoff | undefined {
  if (!before || !after) return undefined;
  const replied = (h: Handoff) => h.transcript.some((line) => line.from === 'agent');
  return !replied(before) && replied(after) ? after : undefined;
}

/**
 * A typed question (words, not a digit or a command) in the menus: answered (sira moved to an
 * answer), offered (it proposed choices) or not understood (with its words, for editors).
 */
function questionOutcome(
  before: ConversationRecord | null,
  after: ConversationRecord,
  event: StepEvent,
  moved: boolean,
  content: Content,
): Metric | null {
  if (event.type !== 'message' || event.message.content.type !== 'text') return null;
  if (after.state !== 'inFlow' || (before && before.state !== 'inFlow' && before.state !== 'new'))
    return null;
  const words = fold(event.message.content.text);
  if (!/\p{L}/u.test(words) || content.commands.has(words)) return null;
  const lng = after.ctx.lng ?? '';
  if (after.ctx.offer?.length) return metric('question', { outcome: 'offered', lng });
  if (moved) return metric('question', { outcome: 'answered', lng });
  return metric('question', { outcome: 'not_understood', lng, words: unknownWords(words) });
}

/**
 * The words of a question nobody could answer, for editors to add content: folded, no digits
 * (numbers can identify a person), words of at least three letters, at most six of them.
 */
export function unknownWords(folded: string): string {
  return folded
    .split(' ')
    .filter((w) => w.length >= 3 && !/\d/.test(w))
    .slice(0, 6)
    .join(' ');
}
