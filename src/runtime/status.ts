import { recordDelivery } from '../core/delivery';
import type { DeliveryStatus } from '../core/messages';
import type { RuntimeDeps } from './deps';
import { saveOrForget } from './erase';
import { providerRef } from './pseudonym';

/**
 * Apply a provider's status callback to the delivery log of the conversation it belongs to,
 * before the webhook is acknowledged. Idempotent (a redelivered status changes nothing) and
 * order-proof (the most advanced state wins), so statuses need no dedupe claim. A status for a
 * conversation we no longer hold (expired, erased) is ignored. Returns whether it was applied.
 */
export async function applyStatus(deps: RuntimeDeps, status: DeliveryStatus): Promise<boolean> {
  if (!status.recipient) return false;
  const key = await deps.pseudonymise(`${status.channel}:${status.recipient}`);
  const providerId = await providerRef(deps.pseudonymise, status.providerMessageId);
  return deps.store.withLock(key, async () => {
    const record = await deps.store.load(key);
    if (!record) return false;
    const updated = recordDelivery(record, {
      id: status.reference,
      providerId,
      clearProviderId: status.providerMessageId,
      state: status.state,
      at: status.at,
      error: status.error,
    });
    // A status that adds nothing (most `sent` reports: the send already recorded it) saves nothing.
    if (updated !== record)
      await saveOrForget(deps, { ...updated, seq: record.seq + 1 }, record.seq);
    if (status.state === 'failed') {
      deps.log.warn('delivery.failed', {
        key,
        channel: status.channel,
        providerCode: status.error?.code,
      });
    }
    return true;
  });
}
