import { StoreError } from '../core/errors';
import { metricsOf } from '../core/metrics';
import type { ConversationRecord } from '../core/record';
import { type StepEvent, type StepResult, step } from '../core/step';
import { dayOf } from '../store/metrics';
import type { RuntimeDeps } from './deps';
import { eraseConversation, eraseIn } from './erase';
import { errorKind } from './log';
import { performEffects } from './perform';

/** A save that lost a race is retried with the newer record this many times. */
const CONFLICT_RETRIES = 3;

export type Committed<C extends string> = { ok: true; result: StepResult } | { ok: false; code: C };

/** How many handled message ids a record remembers (see ConversationRecord.seen). */
const SEEN_LIMIT = 8;

export interface CommitOptions<C extends string> {
  /** Hold new replies back from the outbox sweep this long (they go out in a TwiML response). */
  holdMs?: number;
  /** Refuse before stepping, given the current record (a worker acting out of turn). */
  check?: (record: ConversationRecord | null) => C | null;
  /** Remember this inbound message id digest in the record (see ConversationRecord.seen). */
  remember?: string;
}

/** An event, or how to make it from the current record (see runtime/inbound.ts). */
export type EventSource = StepEvent | ((record: ConversationRecord | null) => Promise<StepEvent>);

/**
 * The one way an event changes a conversation, whoever sent it (the person, a hotline worker):
 * load, step, save with compare-and-set, then perform the step's other effects. Callers hold
 * the conversation's lock; a save that lost a race to another instance is stepped again on the
 * newer record. Replies are in the saved outbox when this resolves.
 */
export async function commitStep<C extends string = never>(
  deps: RuntimeDeps,
  key: string,
  source: EventSource,
  options: CommitOptions<C> = {},
): Promise<Committed<C>> {
  for (let attempt = 0; ; attempt++) {
    const record = await deps.store.load(key);
    const refused = options.check?.(record);
    if (refused) return { ok: false, code: refused };
    const event = typeof source === 'function' ? await source(record) : source;
    const now = deps.now();
    const result = step(record, event, {
      now,
      newId: deps.newId,
      content: deps.content,
      ttlMs: deps.retention.conversationMs,
      transcriptMs: deps.retention.transcriptMs,
      hotline: deps.hotline?.(now),
      dueAt: now + (options.holdMs ?? 0),
    });
    const erase = eraseIn(result.effects);
    if (options.remember && !erase) {
      result.record.seen = [...(record?.seen ?? []), options.remember].slice(-SEEN_LIMIT);
    }
    try {
      await archiveClosed(deps, record, result, now);
      if (erase) await eraseConversation(deps, result.record, erase);
      else await deps.store.save(result.record, record?.seq ?? 0);
    } catch (error) {
      if (error instanceof StoreError && error.code === 'conflict' && attempt < CONFLICT_RETRIES) {
        continue;
      }
      throw error;
    }
    performEffects(deps, key, result.effects);
    await count(deps, record, result, event, now);
    return { ok: true, result };
  }
}

/** Add the step's metrics to today's counters. Counting never fails a message: errors are logged. */
async function count(
  deps: RuntimeDeps,
  before: ConversationRecord | null,
  result: StepResult,
  event: StepEvent,
  now: number,
): Promise<void> {
  if (!deps.metrics) return;
  const metrics = metricsOf(before, result.record, event, result.effects, deps.content, now);
  if (!metrics.length) return;
  await deps.metrics.add(dayOf(now), metrics).catch((error: unknown) => {
    deps.log.warn('metrics.failed', { kind: errorKind(error) });
  });
}

/**
 * A worker closed an escalation: keep it as it stood (transcript, notes) for the hotline, before
 * the record forgets it. A failure here changes nothing, and the worker can close again (the
 * same id is replaced, not doubled).
 */
async function archiveClosed(
  deps: RuntimeDeps,
  before: ConversationRecord | null,
  result: StepResult,
  now: number,
): Promise<void> {
  const closed = result.effects.find((e) => e.type === 'handoff.closed');
  const handoff = before?.ctx.handoff;
  if (closed?.type !== 'handoff.closed' || !handoff || !before) return;
  await deps.store.archive(
    before.key,
    { ...handoff, closedAt: now, outcome: closed.outcome },
    now + deps.retention.transcriptMs,
  );
}
