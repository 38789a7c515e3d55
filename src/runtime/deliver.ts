import { mayReceive, type OutboxItem } from '../core/record';
import type { RuntimeDeps } from './deps';

/** After this many failed tries a reply is given up and recorded as failed. */
export const MAX_ATTEMPTS = 10;
const BASE_DELAY_MS = 2_000;
const MAX_DELAY_MS = 10 * 60_000;

/** Exponential backoff with full jitter, so many retries after an outage do not arrive at once. */
export function retryDelay(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempts);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Send a conversation's due replies, in order, under its lock, and save what is left. A
 * transient failure keeps the item (and everything after it, to keep the order) for a later
 * try; a permanent one is dropped and logged with its code. Items for a person who opted out
 * are dropped unsent (except the opt-out confirmation itself).
 */
export async function deliver(deps: RuntimeDeps, key: string): Promise<void> {
  await deps.store.withLock(key, async () => {
    const record = await deps.store.load(key);
    const sender = record && deps.senders[record.channel];
    if (!record || !sender || !record.outbox.length) return;
    const now = deps.now();
    const remaining: OutboxItem[] = [];
    let held = false;
    for (const item of record.outbox) {
      if (held || item.dueAt > now) {
        held = true;
        remaining.push(item);
        continue;
      }
      if (!mayReceive(record, item)) {
        deps.log.info('send.dropped', { key, channel: record.channel, code: 'opted_out' });
        continue;
      }
      const result = await sender.send(record.address, item.message, { from: record.via });
      if (result.ok) continue;
      const attempts = item.attempts + 1;
      const fields = { key, channel: record.channel, code: result.error.code, attempts };
      if (result.error.retryable && attempts < MAX_ATTEMPTS) {
        const delay = result.error.retryAfterMs ?? retryDelay(attempts);
        remaining.push({ ...item, attempts, dueAt: now + delay });
        held = true;
        deps.log.warn('send.retry', fields);
      } else {
        deps.log.error('send.failed', { ...fields, providerCode: result.error.providerCode });
      }
    }
    await deps.store.save({ ...record, seq: record.seq + 1, outbox: remaining }, record.seq);
  });
}

/** Remove replies that went out another way (inside a TwiML response), once they have. */
export async function markSent(
  deps: RuntimeDeps,
  key: string,
  ids: readonly string[],
): Promise<void> {
  if (!ids.length) return;
  await deps.store.withLock(key, async () => {
    const record = await deps.store.load(key);
    if (!record) return;
    const outbox = record.outbox.filter((item) => !ids.includes(item.id));
    if (outbox.length === record.outbox.length) return;
    await deps.store.save({ ...record, seq: record.seq + 1, outbox }, record.seq);
  });
}

/** Deliver every conversation with sends due now: the outbox retry loop. */
export async function sweep(deps: RuntimeDeps, limit = 100): Promise<number> {
  const keys = await deps.store.due(deps.now(), limit);
  for (const key of keys) await deliver(deps, key);
  return keys.length;
}
