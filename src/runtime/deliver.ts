import { SEND_TIMEOUT_MS, type SendResult } from '../channels/channel';
import { recordDelivery } from '../core/delivery';
import { StoreError } from '../core/errors';
import { type ConversationRecord, mayReceive, type OutboxItem } from '../core/record';
import { AddressError } from './address-cipher';
import type { RuntimeDeps } from './deps';
import { saveOrForget } from './erase';
import { errorKind } from './log';
import { providerRef } from './pseudonym';

/**
 * How long a reply that fails for a reason that can pass (Meta or Twilio down, an expired token,
 * a rate limit) keeps being retried before it is given up and recorded as failed. A day: an
 * outage or a token renewed next morning must not cost anyone their answer, and by then a
 * WhatsApp reply is refused for good anyway (the 24-hour window has closed).
 */
export const RETRY_FOR_MS = 24 * 60 * 60 * 1000;
const BASE_DELAY_MS = 2_000;
const MAX_DELAY_MS = 10 * 60_000;

/** Exponential backoff with full jitter, so many retries after an outage do not arrive at once. */
export function retryDelay(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempts);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * How long a reply being sent is hidden from other deliveries (a concurrent sweep, another
 * instance), per reply in the run: the senders' timeout plus a margin, so the lease of a
 * run always outlasts its sends and a reply in flight is never picked twice. If the process
 * dies mid-send, the reply becomes due again when the lease ends and is sent after restart:
 * kept proportional to the run so that a lone reply (a safe reply to a person in distress)
 * is late by seconds after a crash, not minutes.
 */
export const LEASE_PER_REPLY_MS = SEND_TIMEOUT_MS + 2_000;
/** How long the replies of a conversation whose channel is switched off wait for another look. */
const CHANNEL_OFF_WAIT_MS = 10 * 60_000;
/** Replies leased at once; the rest wait for the next round. */
const MAX_RUN = 10;
/** Rounds per call; anything still due is left to the sweep. */
const MAX_ROUNDS = 5;

type Outcome =
  | { item: OutboxItem; result: SendResult }
  /** Not tried, to keep the order, because an earlier reply failed. */
  | { item: OutboxItem; result: null };

/**
 * Send a conversation's due replies, in order, and record what became of each. Three steps so
 * that sending never holds the conversation's lock (new messages are received meanwhile):
 *
 * 1. under the lock, lease the leading due replies (push their `dueAt` past the lease) and save;
 * 2. send them one by one, stopping at the first failure;
 * 3. under the lock, settle: sent or permanently failed replies leave the outbox for the
 *    record's delivery log; a transient failure is retried with backoff; the rest are due again.
 *
 * A crash before step 3 leaves the leased replies to be sent again when the lease ends: the one
 * window where a reply can go out twice (Meta has no idempotency key), narrowed by status
 * callbacks that carry our outbox id and remove the reply first (see core/delivery.ts). A
 * store that fails at step 3 is tried again for a few seconds, so a blip does not open it.
 */
export async function deliver(deps: RuntimeDeps, key: string): Promise<void> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const run = await lease(deps, key);
    if (!run) return;
    const to = await openAddress(deps, key, run.address);
    const outcomes: Outcome[] = [];
    for (const item of run.items) {
      const failedBefore = outcomes.some((o) => o.result && !o.result.ok);
      const result = failedBefore
        ? null
        : to === null
          ? UNREADABLE
          : item.sms
            ? await sendSms(deps, to, item)
            : await run.sender.send(to, item.message, { reference: item.id, from: run.via });
      outcomes.push({ item, result });
    }
    // Nothing more due when settled: no need to take the lock and load once more to see it.
    // A reply saved after the settle has a delivery of its own on the way (its receive or
    // worker action starts one), and the sweep backs both up.
    if (!(await settleOrRetry(deps, key, run, outcomes))) return;
  }
}

/**
 * `deliver` right after a save that already keeps the replies (a webhook acknowledged, a worker's
 * action done): a failure is logged and left to the sweep or the alarm, never reported to whoever
 * made the save, who would only make it again.
 */
export function tryDeliver(deps: RuntimeDeps, key: string): Promise<void> {
  return deliver(deps, key).catch((error: unknown) =>
    deps.log.warn('deliver.failed', { key, kind: errorKind(error) }),
  );
}

/**
 * A hotline reply by SMS to a WhatsApp conversation: to the same number (a WhatsApp id is the
 * phone number's digits; a username-only id has no number, so it cannot go by SMS), from the
 * operator's fallback number, through the Twilio sender.
 */
async function sendSms(deps: RuntimeDeps, to: string, item: OutboxItem): Promise<SendResult> {
  const sender = deps.senders.sms;
  const digits = to.replace(/^whatsapp:/, '').replace(/^\+/, '');
  if (!sender || !deps.smsFallback)
    return { ok: false, error: { code: 'rejected', retryable: false } };
  if (!/^\d{6,15}$/.test(digits)) {
    return { ok: false, error: { code: 'invalid_recipient', retryable: false } };
  }
  return sender.send(`+${digits}`, item.message, {
    reference: item.id,
    from: deps.smsFallback.from,
  });
}

/**
 * A sealed address that does not open (the secret changed, the record was tampered with) can
 * never be sent to: its replies fail for good, like an invalid number, instead of retrying.
 */
const UNREADABLE: SendResult = {
  ok: false,
  error: { code: 'invalid_recipient', retryable: false, providerCode: 'address_unreadable' },
};

async function openAddress(deps: RuntimeDeps, key: string, sealed: string) {
  try {
    return await deps.addresses.open(key, sealed);
  } catch (error) {
    if (error instanceof AddressError) return null;
    throw error;
  }
}

async function lease(deps: RuntimeDeps, key: string) {
  return deps.store.withLock(key, async () => {
    const record = await deps.store.load(key);
    if (!record) return null;
    const sender = deps.senders[record.channel];
    const now = deps.now();
    // Nothing goes to a person who opted out but the confirmation of it: drop the rest unsent.
    const allowed = allowedIn(record);
    const dropped = record.outbox.length - allowed.length;
    if (dropped)
      deps.log.info('send.dropped', {
        key,
        channel: record.channel,
        code: 'opted_out',
        count: dropped,
      });
    const due = leadingDue(allowed, now).slice(0, MAX_RUN);
    if (!due.length && !dropped) return null;
    // A channel switched off (its settings unset) sends nothing: its replies wait and are looked
    // at again later, rather than stay due and fill every sweep's batch ahead of other people's.
    if (!sender && due.length) {
      deps.log.warn('send.channel_off', { key, channel: record.channel, count: due.length });
    }
    const ids = new Set(due.map((i) => i.id));
    const until = now + (sender ? LEASE_PER_REPLY_MS * due.length : CHANNEL_OFF_WAIT_MS);
    const outbox = allowed.map((i) => (ids.has(i.id) ? { ...i, dueAt: until } : i));
    await deps.store.save({ ...record, seq: record.seq + 1, outbox }, record.seq);
    if (!due.length || !sender) return null;
    return {
      sender,
      address: record.address,
      via: record.via,
      channel: record.channel,
      items: due,
      /** When the lease ends: another delivery may take these replies from then on. */
      until,
    };
  });
}

/** The outbox without what may not go out: nothing but the confirmation to a person who opted out. */
const allowedIn = (record: ConversationRecord) =>
  record.outbox.filter((item) => mayReceive(record, item));

/** The replies a delivery would send now, in order. */
const dueNow = (record: ConversationRecord, now: number) => leadingDue(allowedIn(record), now);

/** The due replies at the head of the outbox: a reply waiting for a retry holds back the rest. */
function leadingDue(outbox: readonly OutboxItem[], now: number): OutboxItem[] {
  const stop = outbox.findIndex((item) => item.dueAt > now);
  return stop < 0 ? [...outbox] : outbox.slice(0, stop);
}

/**
 * Waits between tries to settle while the store is unavailable, for as long as the lease lasts:
 * what was sent is known only here, in memory, and once the lease ends another delivery may send
 * it again. A blip is bridged; a longer outage is left to the lease, as a crash would be.
 */
const SETTLE_WAITS_MS = [250, 1_000, 3_000];

async function settleOrRetry(
  deps: RuntimeDeps,
  key: string,
  run: { channel: string; until: number },
  outcomes: readonly Outcome[],
): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await settle(deps, key, run.channel, outcomes);
    } catch (error) {
      const wait = SETTLE_WAITS_MS[attempt];
      const unavailable = error instanceof StoreError && error.code === 'unavailable';
      if (!unavailable || wait === undefined || deps.now() + wait >= run.until) throw error;
      deps.log.warn('deliver.settle_retry', { key, code: error.code });
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/**
 * Record what became of a run; true when more replies are due now. Safe to run again after a
 * failure that may have been carried out: a delivery is recorded once per id (a failed try may
 * be counted twice, which only moves its next one a little later).
 */
async function settle(
  deps: RuntimeDeps,
  key: string,
  channel: string,
  outcomes: readonly Outcome[],
): Promise<boolean> {
  const refs = await Promise.all(
    outcomes.map(({ result }) =>
      result?.ok ? providerRef(deps.pseudonymise, result.providerId) : undefined,
    ),
  );
  return deps.store.withLock(key, async () => {
    const loaded = await deps.store.load(key);
    if (!loaded) return false;
    const now = deps.now();
    let record = loaded;
    for (const [i, { item, result }] of outcomes.entries()) {
      if (result?.ok) {
        record = recordDelivery(record, {
          id: item.id,
          providerId: refs[i],
          state: 'sent',
          at: now,
        });
        continue;
      }
      const attempts = result ? item.attempts + 1 : item.attempts;
      const since = item.since ?? now;
      const fields = { key, channel, code: result?.error.code, attempts };
      if (result && (!result.error.retryable || now - since >= RETRY_FOR_MS)) {
        deps.log.error('send.failed', { ...fields, providerCode: result.error.providerCode });
        record = recordDelivery(record, {
          id: item.id,
          state: 'failed',
          at: now,
          error: { code: result.error.providerCode ?? result.error.code, title: result.error.code },
        });
        continue;
      }
      if (result) deps.log.warn('send.retry', fields);
      const delay = result ? Math.max(result.error.retryAfterMs ?? 0, retryDelay(attempts)) : 0;
      // The reply may have left the outbox meanwhile (a status callback): then nothing to do.
      record = {
        ...record,
        outbox: record.outbox.map((i) =>
          i.id === item.id ? { ...i, attempts, dueAt: now + delay, ...(result && { since }) } : i,
        ),
      };
    }
    await saveOrForget(deps, { ...record, seq: loaded.seq + 1 }, loaded.seq);
    return dueNow(record, now).length > 0;
  });
}

/**
 * Deliver every conversation with sends due now: the outbox retry loop on Node. A store
 * without a due index (Durable Objects) wakes each conversation by its own alarm instead.
 */
export async function sweep(deps: RuntimeDeps, limit = 100): Promise<number> {
  if (!deps.store.due) return 0;
  const keys = await deps.store.due(deps.now(), limit);
  for (const key of keys) await deliver(deps, key);
  return keys.length;
}
