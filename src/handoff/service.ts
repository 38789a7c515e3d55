import type { AgentAction } from '../core/conversation/handoff';
import type { ChannelId } from '../core/messages';
import type { ConversationRecord } from '../core/record';
import { commitStep } from '../runtime/commit';
import { tryDeliver } from '../runtime/deliver';
import type { RuntimeDeps } from '../runtime/deps';
import { byUrgency, type RefusalCode, refusal } from './rules';

export type ActResult = { ok: true; record: ConversationRecord } | { ok: false; code: RefusalCode };

/** The most escalations the queue shows at once. */
const QUEUE_LIMIT = 500;

/**
 * What hotline workers do to escalated conversations: the API the console puts a face on. Each
 * action runs through the same pure `step` as a person's message, under the conversation's lock,
 * and is saved before anything is sent; a reply then goes out through the outbox like any other.
 */
export function createHandoffService(deps: RuntimeDeps) {
  async function act(key: string, action: AgentAction, override = false): Promise<ActResult> {
    const committed = await deps.store.withLock(key, () =>
      commitStep<RefusalCode>(
        deps,
        key,
        { type: 'agent', key, action },
        {
          check: (record) => (record ? refusal(record, action, override) : 'not_found'),
        },
      ),
    );
    if (!committed.ok) return committed;
    deps.log.info('handoff.action', { key, kind: action.kind });
    const record = committed.result.record;
    // The action is saved, its reply in the outbox: done, whatever sending does now.
    if (record.outbox.length) await tryDeliver(deps, key);
    return { ok: true, record };
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

export type HandoffService = ReturnType<typeof createHandoffService>;
