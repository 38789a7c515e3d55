import type { DeliveryState } from './messages';
import type { ConversationRecord, Delivery } from './record';

/** How many deliveries a record remembers: enough for the hotline to see recent failures. */
export const DELIVERY_LOG_SIZE = 50;

/**
 * Statuses arrive in any order and some are skipped (`delivered` when read at once). Keep the
 * most advanced: a late `sent` never undoes `read`, and `failed` after `delivered` is ignored.
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/status
 */
const RANK: Record<DeliveryState, number> = {
  queued: 0,
  sent: 1,
  failed: 2,
  delivered: 3,
  read: 4,
};

/** What is known about one reply: by our id, the provider's id, or both. */
export interface DeliveryUpdate {
  id?: string;
  providerId?: string;
  /**
   * The provider's id itself, for a delivery saved before records kept only its pseudonym
   * (`providerId`): matched too, and replaced by the pseudonym. Such records are gone once
   * SIRA_RETENTION_DAYS have passed since their last message.
   */
  clearProviderId?: string;
  state: DeliveryState;
  at: number;
  error?: Delivery['error'];
}

/**
 * Record what became of a reply. Any news from the provider means it has the message, so the
 * reply leaves the outbox and is never sent again (this is how a status that overtakes our
 * own bookkeeping, or arrives after a crash mid-send, prevents a second send). Pure.
 */
export function recordDelivery(
  record: ConversationRecord,
  update: DeliveryUpdate,
): ConversationRecord {
  const log = record.deliveries ?? [];
  const provider = (d: Delivery) =>
    d.providerId !== undefined &&
    (d.providerId === update.providerId || d.providerId === update.clearProviderId);
  const matches = (d: Delivery) => (update.id !== undefined && d.id === update.id) || provider(d);
  const index = log.findIndex(matches);
  const known = log[index];
  const merged: Delivery = known
    ? {
        ...known,
        // A status that came first only knew the provider's id; ours is the one to keep.
        id: update.id ?? known.id,
        providerId:
          known.providerId === undefined || known.providerId === update.clearProviderId
            ? update.providerId
            : known.providerId,
        ...(RANK[update.state] > RANK[known.state]
          ? { state: update.state, at: update.at, error: update.error }
          : {}),
      }
    : {
        id: update.id ?? update.providerId ?? 'unknown',
        providerId: update.providerId,
        state: update.state,
        at: update.at,
        error: update.error,
      };
  const unchanged =
    known &&
    merged.id === known.id &&
    merged.providerId === known.providerId &&
    merged.state === known.state &&
    !record.outbox.some((item) => item.id === merged.id);
  // Nothing new (a status already known, a redelivery): the same record, so no one saves it.
  if (unchanged) return record;
  const deliveries = known
    ? log.map((d, i) => (i === index ? merged : d))
    : [...log, merged].slice(-DELIVERY_LOG_SIZE);
  const outbox = record.outbox.filter((item) => item.id !== merged.id);
  return { ...record, outbox, deliveries };
}
