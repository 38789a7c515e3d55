import type { InboundMessage } from '../core/messages';
import type { OutboxItem } from '../core/record';
import { commitStep } from './commit';
import type { RuntimeDeps } from './deps';

export interface Receipt {
  key: string;
  /** False when the message id was already handled: a provider redelivery. */
  fresh: boolean;
  /** Replies saved for this message and not yet sent. */
  pending: OutboxItem[];
}

export interface ReceiveOptions {
  /**
   * Hold new replies back from the outbox sweep this long, because this webhook's response
   * carries them (TwiML). See in-band.ts: the hold is a lease that expires if we never answer.
   */
  holdMs?: number;
}

/**
 * How long a claim lasts before the message is saved: longer than any handling takes, short
 * enough that a failed attempt does not block the provider's retries (see store.confirm).
 */
export const PROCESSING_CLAIM_MS = 2 * 60_000;

/**
 * The inbound pipeline up to the acknowledgement: claim the message id (dedupe), then under the
 * conversation's lock load, step and save the record with its outbox. When this resolves, the
 * replies are durable and the provider can be told 200; sending comes after (see deliver.ts).
 * If anything fails the claim is released (and lapses soon if even that fails), so the
 * provider's retry is processed, not dropped.
 */
export async function receive(
  deps: RuntimeDeps,
  message: InboundMessage,
  options: ReceiveOptions = {},
): Promise<Receipt> {
  const key = await deps.pseudonymise(`${message.channel}:${message.from}`);
  const claimId = `${message.channel}:${message.messageId}`;
  if (!(await deps.store.claim(claimId, PROCESSING_CLAIM_MS))) {
    const record = await deps.store.load(key);
    const pending = record?.outbox.filter((i) => i.inReplyTo === message.messageId) ?? [];
    return { key, fresh: false, pending };
  }
  try {
    // The core copies `from` into the record as is: it only ever sees the sealed address.
    const sealed = { ...message, from: await deps.addresses.seal(key, message.from) };
    const committed = await deps.store.withLock(key, () =>
      commitStep(deps, key, { type: 'message', key, message: sealed }, { holdMs: options.holdMs }),
    );
    const pending = committed.ok ? committed.result.sends : [];
    // Saved: from now on a redelivery is a duplicate for as long as providers redeliver. If this
    // fails the message is still saved; only a redelivery after the short claim would repeat it.
    await deps.store.confirm(claimId, deps.retention.claimMs).catch(() => {
      deps.log.warn('claim.confirm_failed', { key, channel: message.channel });
    });
    return { key, fresh: true, pending };
  } catch (error) {
    await deps.store.release(claimId).catch(() => {});
    throw error;
  }
}
