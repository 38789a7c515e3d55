import { describe, expect, it } from 'vitest';
import { DELIVERY_LOG_SIZE, recordDelivery } from './delivery';
import type { ConversationRecord } from './record';

const record = (outboxIds: string[] = []): ConversationRecord => ({
  key: 'k',
  channel: 'whatsapp',
  address: '15550100101',
  seq: 1,
  mv: 1,
  rev: 'r',
  state: 'inFlow',
  ctx: { lng: 'fr', pos: null, hist: [] },
  outbox: outboxIds.map((id) => ({
    id,
    message: { kind: 'text', text: 'x' },
    attempts: 0,
    dueAt: 0,
  })),
  updatedAt: 0,
  expiresAt: 1,
});

describe('recordDelivery', () => {
  it('finds a delivery saved with the provider id in clear, and keeps only its pseudonym', () => {
    const saved = {
      ...record(),
      deliveries: [{ id: 'a', providerId: 'SM7', state: 'sent' as const, at: 1 }],
    };
    // A Twilio status carries no id of ours: the provider's id is all there is to match.
    const twilio = recordDelivery(saved, {
      providerId: 'ref-SM7',
      clearProviderId: 'SM7',
      state: 'failed',
      at: 2,
      error: { code: '30003' },
    });
    expect(twilio.deliveries).toEqual([
      { id: 'a', providerId: 'ref-SM7', state: 'failed', at: 2, error: { code: '30003' } },
    ]);
    // A WhatsApp status carries ours: the id in clear is replaced all the same.
    const meta = recordDelivery(saved, {
      id: 'a',
      providerId: 'ref-SM7',
      clearProviderId: 'SM7',
      state: 'delivered',
      at: 2,
    });
    expect(meta.deliveries).toEqual([
      { id: 'a', providerId: 'ref-SM7', state: 'delivered', at: 2 },
    ]);
  });

  it('keeps the most advanced state whatever the order', () => {
    let r = recordDelivery(record(), { id: 'a', providerId: 'w1', state: 'sent', at: 1 });
    r = recordDelivery(r, { providerId: 'w1', state: 'read', at: 3 });
    r = recordDelivery(r, { providerId: 'w1', state: 'delivered', at: 2 });
    r = recordDelivery(r, { providerId: 'w1', state: 'failed', at: 4, error: { code: '1' } });
    expect(r.deliveries).toEqual([{ id: 'a', providerId: 'w1', state: 'read', at: 3 }]);
  });

  it('lets a failure override sent (131047 arrives after the send was accepted)', () => {
    let r = recordDelivery(record(), { id: 'a', providerId: 'w1', state: 'sent', at: 1 });
    r = recordDelivery(r, { providerId: 'w1', state: 'failed', at: 2, error: { code: '131047' } });
    expect(r.deliveries?.[0]).toMatchObject({ state: 'failed', error: { code: '131047' } });
  });

  it('takes the reply out of the outbox, so it is never sent again', () => {
    const r = recordDelivery(record(['a', 'b']), {
      id: 'a',
      providerId: 'w1',
      state: 'sent',
      at: 1,
    });
    expect(r.outbox.map((i) => i.id)).toEqual(['b']);
  });

  it('merges a status that came before our own record of the send', () => {
    let r = recordDelivery(record(['a']), { providerId: 'w1', state: 'delivered', at: 2 });
    r = recordDelivery(r, { id: 'a', providerId: 'w1', state: 'sent', at: 1 });
    expect(r.outbox).toEqual([]);
    expect(r.deliveries).toHaveLength(1);
    expect(r.deliveries?.[0]?.state).toBe('delivered');
  });

  it('remembers a bounded number of deliveries', () => {
    let r = record();
    for (let i = 0; i < DELIVERY_LOG_SIZE + 5; i++) {
      r = recordDelivery(r, { id: `i${i}`, state: 'sent', at: i });
    }
    expect(r.deliveries).toHaveLength(DELIVERY_LOG_SIZE);
    expect(r.deliveries?.[0]?.id).toBe('i5');
  });
});
