import { StoreError } from '../core/errors';
import type { InboundMessage } from '../core/messages';
import type { ConversationRecord, OutboxItem } from '../core/record';
import { claimDigest } from '../store/claim-digest';
import { commitStep } from './commit';
import type { RuntimeDeps } from './deps';
import { carryLeased, carryRedelivered, IN_BAND_LEASE_MS } from './in-band';

export interface Receipt {
  key: string;
  /** False when the message id was already handled: a provider redelivery. */
  fresh: boolean;
  /**
   * Replies saved for this message and not yet sent; with `inBand`, those this response is to
   * carry, already out of the outbox.
   */
  pending: OutboxItem[];
}

export interface ReceiveOptions {
  /**
   * This webhook's response carries the replies (TwiML), exactly once with the outbox sweep:
   * they are saved leased to the response, then taken out of the outbox (see in-band.ts).
   */
  inBand?: boolean;
}

/**
 * How long a claim lasts before the message is saved: short, so an attempt that died after
 * claiming (its store went down) holds the provider's retries back only briefly (they get 503
 * meanwhile). Longer than normal handling, but it need not cover the slowest case: should a
 * slow attempt outlive it, the retry and the attempt meet under the conversation's lock and
 * the record's `seen` list lets only one of them step the message.
 */
export const PROCESSING_CLAIM_MS = 30_000;

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
  const seen = claimDigest(claimId);
  if (!(await deps.store.claim(claimId, PROCESSING_CLAIM_MS))) {
    const record = await deps.store.load(key);
    // Taken but not confirmed: another attempt is on it, or died before saving. Telling the
    // provider "done" now would lose the message if that attempt failed: 503, retry later.
    // Unless the record shows it handled: then only the confirmation was lost; repair it.
    if (!(await deps.store.confirmed(claimId))) {
      if (!record?.seen?.includes(seen)) {
        throw new StoreError('unavailable', 'this message is being handled by another attempt');
      }
      await confirm(deps, claimId, key, message);
    }
    return redelivered(deps, key, message, options, record);
  }
  let committed: OutboxItem[] | null;
  try {
    committed = await deps.store.withLock(key, async () => {
      const stepped = await commitStep(
        deps,
        key,
        async (record) => ({
          type: 'message',
          key,
          message: await sealed(deps, key, message, record),
        }),
        {
          holdMs: options.inBand ? IN_BAND_LEASE_MS : 0,
          check: (record) => (record?.seen?.includes(seen) ? 'seen' : null),
          remember: seen,
        },
      );
      // Saved: from now on a redelivery is a duplicate for as long as providers redeliver.
      // Confirmed before the replies are taken out for the response: the removal checks that
      // their lease still holds, so however long this took, only a response still in time
      // carries them.
      await confirm(deps, claimId, key, message);
      if (!stepped.ok) return null;
      // In the same hold of the lock as the save: the record is known, nothing is read again.
      const { record, sends } = stepped.result;
      return options.inBand ? carryLeased(deps, record, sends) : sends;
    });
  } catch (error) {
    await deps.store.release(claimId).catch(() => {});
    throw error;
  }
  // Handled before, by an attempt whose claim did not survive: a redelivery after all. Its
  // claim is confirmed and stays so, whatever happens next.
  if (!committed) return redelivered(deps, key, message, options);
  return { key, fresh: true, pending: committed };
}

/**
 * The message as the core may see it: `from` sealed, since the core copies it into the record as
 * is. A conversation's record holds its sender's sealed address already (the key is a keyed
 * digest of the channel and address, so one key is one sender, under the one secret that also
 * seals), and sealing anew would cost a cipher per message for an equal value.
 */
async function sealed(
  deps: RuntimeDeps,
  key: string,
  message: InboundMessage,
  record: ConversationRecord | null,
): Promise<InboundMessage> {
  return { ...message, from: record?.address ?? (await deps.addresses.seal(key, message.from)) };
}

/**
 * A redelivery's receipt. In band, its replies are carried again if the first response never
 * went out (see in-band.ts); otherwise they are those still pending for it (`record` as read,
 * when it was).
 */
async function redelivered(
  deps: RuntimeDeps,
  key: string,
  message: InboundMessage,
  options: ReceiveOptions,
  record?: ConversationRecord | null,
): Promise<Receipt> {
  if (options.inBand) {
    return { key, fresh: false, pending: await carryRedelivered(deps, key, message.messageId) };
  }
  const current = record === undefined ? await deps.store.load(key) : record;
  const pending = current?.outbox.filter((i) => i.inReplyTo === message.messageId) ?? [];
  return { key, fresh: false, pending };
}

/**
 * Mark the claim handled. If this fails the message is still saved, and the record's `seen`
 * list still recognises a redelivery, so nothing is answered twice.
 */
async function confirm(deps: RuntimeDeps, claimId: string, key: string, message: InboundMessage) {
  await deps.store.confirm(claimId, deps.retention.claimMs).catch(() => {
    deps.log.warn('claim.confirm_failed', { key, channel: message.channel });
  });
}
