import { StoreError } from '../core/errors';
import { type ConversationRecord, mayReceive, type OutboxItem } from '../core/record';
import type { RuntimeDeps } from './deps';
import { saveOrForget } from './erase';
import { errorKind } from './log';

/**
 * Replies that travel inside a webhook's response (Twilio's TwiML) instead of through the REST
 * sender, sent exactly once between the two paths.
 *
 * An outbox item carried in a response is *leased*: its `dueAt` is pushed to the end of the
 * lease, so the outbox sweep (which only sends due items) leaves it alone meanwhile. The new
 * `dueAt` is also the lease's token: `carryLeased` removes an item only if its `dueAt` is still
 * the one this request set and has not passed. So:
 *
 * - the answer arrives in time: the items are removed from the outbox, then put in the response;
 * - the request dies or is too slow: the lease runs out and the sweep sends them by REST, or a
 *   provider retry of the same message leases them again and carries them itself;
 * - two requests for one message (a retry racing the original): only one holds the lease, the
 *   other answers empty.
 *
 * The lease is shorter than Twilio's 15 s response timeout, so a response built while the lease
 * still holds reaches Twilio before it gives up. What is left is the gap no in-band reply can
 * close: a response lost on the wire after we removed its items (Twilio has no acknowledgement).
 *
 * The store can lose its answer too: it goes down after the removal was sent, and whether it was
 * done is unknown (StoreError.uncertain). Once removed, the items have no other way out than this
 * response, and nothing could tell later that they were never sent; so the response carries them.
 * Should the removal not have been done, the sweep sends them again when the lease ends: twice
 * rather than never, and only across that one instant.
 * @see https://www.twilio.com/docs/api/errors/11205
 */

/** How long a response may keep its replies from the sweep: below Twilio's 15 s timeout. */
export const IN_BAND_LEASE_MS = 10_000;

/**
 * For a redelivered message whose first response may never have gone out: lease the replies to
 * it that are due now (not held by another response, not waiting for a retry), then take them
 * out for this response, in one hold of the lock. A lease that cannot be saved fails the request
 * (503, Twilio retries); nothing was taken.
 */
export async function carryRedelivered(
  deps: RuntimeDeps,
  key: string,
  messageId: string,
): Promise<OutboxItem[]> {
  return deps.store.withLock(key, async () => {
    const record = await deps.store.load(key);
    if (!record) return [];
    const now = deps.now();
    const until = now + IN_BAND_LEASE_MS;
    const leased: OutboxItem[] = [];
    const outbox = record.outbox.map((item) => {
      if (item.inReplyTo !== messageId || item.dueAt > now || !mayReceive(record, item)) {
        return item;
      }
      const held = { ...item, dueAt: until };
      leased.push(held);
      return held;
    });
    if (!leased.length) return [];
    const withLease = { ...record, seq: record.seq + 1, outbox };
    await deps.store.save(withLease, record.seq);
    return carryLeased(deps, withLease, leased);
  });
}

/**
 * Take leased items out of `record`'s outbox because the response is about to carry them. The
 * caller holds the conversation's lock and `record` is as stored: for a fresh message, the record
 * its save just stored with the replies leased, so the lock is held once and nothing is read
 * again. Returns the items still held by this lease: only those may go in the response; the
 * others are someone else's now (the sweep, or a retry). If the removal fails the response says
 * nothing and the items stay leased: the sweep sends them once the lease runs out. Late rather
 * than twice; and a removal that may have been done is no failure (see above). Never throws: the
 * message itself is saved whatever happens here.
 */
export async function carryLeased(
  deps: RuntimeDeps,
  record: ConversationRecord,
  leased: readonly OutboxItem[],
): Promise<OutboxItem[]> {
  if (!leased.length) return [];
  const now = deps.now();
  const held = new Map(leased.map((item) => [item.id, item.dueAt]));
  const committed = record.outbox.filter(
    (item) => held.get(item.id) === item.dueAt && item.dueAt > now && mayReceive(record, item),
  );
  if (!committed.length) return [];
  const outbox = record.outbox.filter((item) => !committed.includes(item));
  try {
    await saveOrForget(deps, { ...record, seq: record.seq + 1, outbox }, record.seq);
  } catch (error) {
    if (!(error instanceof StoreError && error.uncertain)) {
      deps.log.error('twilio.commit_failed', { key: record.key, kind: errorKind(error) });
      return [];
    }
    deps.log.warn('twilio.commit_uncertain', { key: record.key, count: committed.length });
  }
  return committed;
}
