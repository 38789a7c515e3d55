import type { AgentAction } from '../core/conversation/handoff';
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
  };
}

export type HandoffService = ReturnType<typeof createHandoffService>;
