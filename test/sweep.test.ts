/**
 * The outbox sweep on Node: every conversation with a reply due is delivered, a batch of keys at
 * a time, whatever some of them are stuck on.
 */
import { describe, expect, it } from 'vitest';
import type { OutboxItem } from '../src/core/record';
import { sweep } from '../src/runtime/deliver';
import { recordFor } from './contracts/store.contract';
import { testDeps } from './helpers/runtime';

const item = (id: string, dueAt: number): OutboxItem => ({
  id,
  message: { kind: 'text', text: id },
  attempts: 1,
  dueAt,
});

describe('the outbox sweep', () => {
  it('still reaches everyone when a whole batch waits on a channel switched off', async () => {
    const { deps, sent, log } = testDeps();
    const { whatsapp: _off, ...onlySms } = deps.senders;
    deps.senders = onlySms;
    const now = deps.now();
    const expiresAt = now + 86_400_000;
    // More conversations stuck on WhatsApp than a sweep takes at once, all due before the SMS.
    for (let i = 0; i < 100; i++) {
      const key = `wa-${i}`;
      const outbox = [item(`wa-reply-${i}`, now - 60_000)];
      await deps.store.save(recordFor(key, { channel: 'whatsapp', expiresAt, outbox }), 0);
    }
    const address = await deps.addresses.seal('sms-person', '+15550100002');
    const outbox = [item('sms-retry', now)];
    await deps.store.save(recordFor('sms-person', { address, expiresAt, outbox }), 0);
    for (let round = 0; round < 3; round++) await sweep(deps);
    expect(sent.map((s) => s.message)).toEqual([{ kind: 'text', text: 'sms-retry' }]);
    // The WhatsApp replies wait, kept, for the channel to come back.
    expect((await deps.store.load('wa-0'))?.outbox.map((i) => i.id)).toEqual(['wa-reply-0']);
    expect(log.lines.join('\n')).toContain('"event":"send.channel_off"');
  });
});
