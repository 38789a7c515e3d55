import type { AgentAction } from '../core/conversation/handoff';
import type { ShellEffect } from '../core/effects';
import type { ChannelId } from '../core/messages';
import { StoreError } from '../core/errors';
import type { ConversationRecord } from '../core/record';
import { step } from '../core/step';
import { deliver } from '../runtime/deliver';
import type { RuntimeDeps } from '../runtime/deps';
import { performEffects } from '../runtime/perform';
import { byUrgency, type RefusalCode, refusal } from './rules';

export type ActResult = { ok: true; record: ConversationRecord } | { ok: false; code: RefusalCode };

/** The most escalations the queue shows at once. */
const QUEUE_LIMIT = 500;
const CONFLICT_RETRIES = 3;

/**
 * What hotline workers do to escalated conversations: the API the console puts a face on. Each
 * action runs through the same pure `step` as a person's message, under the conversation's lock,
 * and is saved before anything is sent; a reply then goes out through the outbox like any other.
 */
export function createHandoffService(deps: RuntimeDeps) {
  async function act(key: string, action: AgentAction, override = false): Promise<ActResult> {
    const result = await deps.store.withLock(key, async (): Promise<ActResult> => {
      for (let attempt = 0; ; attempt++) {
        const record = await deps.store.load(key);
        if (!record) return { ok: false, code: 'not_found' };
        const refused = refusal(record.ctx.handoff, action, override);
        if (refused) return { ok: false, code: refused };
        const now = deps.now();
        const stepped = step(
          record,
          { type: 'agent', key, action },
          {
            now,
            newId: deps.newId,
            content: deps.content,
            ttlMs: deps.retention.conversationMs,
            transcriptMs: deps.retention.transcriptMs,
            hotline: deps.hotline?.(now),
          },
        );
        try {
          // Kept before the record forgets it: a failure here changes nothing, and the worker
          // can close again (the same id is replaced, not doubled).
          await archiveClosed(deps, key, record, stepped.effects, now);
          await deps.store.save(stepped.record, record.seq);
        } catch (error) {
          if (
            error instanceof StoreError &&
            error.code === 'conflict' &&
            attempt < CONFLICT_RETRIES
          ) {
            continue;
          }
          throw error;
        }
        performEffects(deps, key, stepped.effects);
        deps.log.info('handoff.action', { key, kind: action.kind });
        return { ok: true, record: stepped.record };
      }
    });
    if (result.ok && result.record.outbox.length) await deliver(deps, key);
    return result;
  }

  return {
    act,
    claim: (key: string, agent: string) => act(key, { kind: 'claim', agent }),
    reply: (key: string, agent: string, text: string) => act(key, { kind: 'reply', agent, text }),
    note: (key: string, agent: string, text: string) => act(key, { kind: 'note', agent, text }),
    transfer: (key: string, agent: string, to: string, override = false) =>
      act(key, { kind: 'transfer', agent, to }, override),
    close: (
      key: string,
      agent: string,
      outcome: Extract<AgentAction, { kind: 'close' }>['outcome'],
    ) => act(key, { kind: 'close', agent, outcome }),
    /** Open escalations, most severe first, then longest waiting. */
    async queue(): Promise<ConversationRecord[]> {
      return (await deps.store.handoffs(QUEUE_LIMIT)).sort(byUrgency);
    },
    get: (key: string) => deps.store.load(key),
    /** A conversation's closed escalations, kept SIRA_TRANSCRIPT_DAYS after each close. */
    closed: (key: string) => deps.store.archived(key),
    /**
     * Escalations whose person erased everything, newest first: what the console shows in
     * place of a conversation that is gone (by escalation id; nothing else is known).
     */
    async erased(limit = QUEUE_LIMIT): Promise<ErasedEscalation[]> {
      return (await deps.store.audits(limit)).flatMap((entry) =>
        entry.action === 'conversation.erased' && entry.handoff
          ? [{ handoff: entry.handoff, at: entry.at, channel: entry.channel }]
          : [],
      );
    },
  };
}

/** An escalation that was open when the person erased their conversation. */
export interface ErasedEscalation {
  handoff: string;
  at: number;
  channel: ChannelId;
}

/** On close, keep the escalation as it stood (transcript, notes) for the hotline. */
async function archiveClosed(
  deps: RuntimeDeps,
  key: string,
  record: ConversationRecord,
  effects: readonly ShellEffect[],
  now: number,
): Promise<void> {
  const closed = effects.find((e) => e.type === 'handoff.closed');
  const handoff = record.ctx.handoff;
  if (closed?.type !== 'handoff.closed' || !handoff) return;
  await deps.store.archive(
    key,
    { ...handoff, closedAt: now, outcome: closed.outcome },
    now + deps.retention.transcriptMs,
  );
}

export type HandoffService = ReturnType<typeof createHandoffService>;
