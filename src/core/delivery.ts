import type { DeliveryState, DeliveryStatus } from './messages';

/**
 * How far a message got. Providers report statuses out of order (read before delivered, failed
 * after delivered), so a store keeps the most advanced one: a message once delivered stays
 * delivered, and `failed` only overrides `queued` or `sent`.
 */
const RANK: Readonly<Record<DeliveryState, number>> = {
  queued: 0,
  sent: 1,
  failed: 2,
  delivered: 3,
  read: 4,
};

/** The status to keep when `next` arrives for a message whose last known status is `current`. */
export function latestStatus(
  current: DeliveryStatus | undefined,
  next: DeliveryStatus,
): DeliveryStatus {
  return current && RANK[current.state] > RANK[next.state] ? current : next;
}
