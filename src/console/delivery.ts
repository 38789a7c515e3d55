import type { ConversationRecord } from '../core/record';

export interface ShownDelivery {
  state: 'sending' | 'retrying' | 'sent' | 'delivered' | 'read' | 'failed' | 'unknown';
  /** The provider's code and our reading of it, for a failure. */
  error?: string;
}

/** Worse first: a message in several parts shows its worst part. */
const ORDER: ShownDelivery['state'][] = [
  'failed',
  'retrying',
  'sending',
  'unknown',
  'sent',
  'delivered',
  'read',
];

/**
 * What became of a transcript line that went out as the outbox items `ids`: still in the
 * outbox (sending, or retrying after a failure), or in the record's delivery log (sent,
 * delivered, read, failed with the provider's code). A failure is never hidden.
 */
export function deliveryOf(record: ConversationRecord, ids: readonly string[]): ShownDelivery {
  const parts = ids.map((id): ShownDelivery => {
    const done = record.deliveries?.find((d) => d.id === id);
    if (done) {
      if (done.state === 'failed') {
        const code = [done.error?.code, done.error?.title].filter(Boolean).join(' ');
        return { state: 'failed', error: code || 'unknown error' };
      }
      return { state: done.state === 'queued' ? 'sending' : done.state };
    }
    const pending = record.outbox.find((i) => i.id === id);
    if (pending) return { state: pending.attempts ? 'retrying' : 'sending' };
    // Neither: older than the delivery log keeps, or sent inside a TwiML answer.
    return { state: 'unknown' };
  });
  return (
    parts.sort((a, b) => ORDER.indexOf(a.state) - ORDER.indexOf(b.state))[0] ?? {
      state: 'unknown',
    }
  );
}
