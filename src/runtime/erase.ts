import type { ShellEffect } from '../core/effects';
import { type ConversationRecord, ERASED } from '../core/record';
import type { RuntimeDeps } from './deps';

type EraseEffect = Extract<ShellEffect, { type: 'erase' }>;

/** The erase effect among a step's effects, if the person just confirmed erasure. */
export const eraseIn = (effects: readonly ShellEffect[]): EraseEffect | undefined =>
  effects.find((e): e is EraseEffect => e.type === 'erase');

/**
 * Erase a conversation, under its lock, in an order where a failure at any point leaves either
 * everything or nothing erased, never a trace that the person asked:
 *
 * 1. the audit entry (content-free, no key): if the store is down here, nothing happened yet
 *    and the provider's retry starts over;
 * 2. `store.delete`: the record, its places in the indexes and its closed escalations, at once;
 * 3. the erased record `step` made: the confirmation reply and what sending it needs.
 *
 * A crash between 2 and 3 loses the confirmation, not the erasure: the one reply a crash can
 * lose, chosen over keeping anything of the person while it is sent. The erased record is
 * deleted as soon as the reply is out (see `saveOrForget`).
 */
export async function eraseConversation(
  deps: RuntimeDeps,
  erased: ConversationRecord,
  effect: EraseEffect,
): Promise<void> {
  const now = deps.now();
  await deps.store.audit(
    {
      id: deps.newId(),
      at: now,
      action: 'conversation.erased',
      channel: erased.channel,
      ...(effect.handoff ? { handoff: effect.handoff } : {}),
    },
    now + deps.retention.auditMs,
  );
  await deps.store.delete(erased.key);
  await deps.store.save(erased, 0);
  deps.log.info('conversation.erased', {
    channel: erased.channel,
    kind: effect.handoff ? 'escalation' : 'conversation',
  });
}

/**
 * Save a record after sending, unless it is what is left of an erased conversation and its
 * last reply is gone: then delete it, and nothing of the person remains.
 */
export async function saveOrForget(
  deps: RuntimeDeps,
  record: ConversationRecord,
  expectedSeq: number,
): Promise<void> {
  if (record.state === ERASED && !record.outbox.length) await deps.store.delete(record.key);
  else await deps.store.save(record, expectedSeq);
}
