import { describe, expect, it } from 'vitest';
import { failingTakeOut, testDeps, textSms } from '../../test/helpers/runtime';
import { commitStep } from './commit';
import type { RuntimeDeps } from './deps';
import { carryLeased, carryRedelivered, IN_BAND_LEASE_MS } from './in-band';
import { receive } from './inbound';

const PERSON = '+15550100030';

const sms = (messageId: string, text: string) => textSms(messageId, text, PERSON);

/**
 * A fresh message saved as `receive` saves it in band, stopped just before its replies are taken
 * out: the record as stored, and the replies leased to this response (`carryLeased`'s arguments).
 */
async function savedLeased(deps: RuntimeDeps, messageId: string, text: string) {
  const key = await deps.pseudonymise(`sms:${PERSON}`);
  const message = { ...sms(messageId, text), from: await deps.addresses.seal(key, PERSON) };
  const stepped = await commitStep(
    deps,
    key,
    { type: 'message', key, message },
    { holdMs: IN_BAND_LEASE_MS },
  );
  if (!stepped.ok) throw new Error('not stepped');
  expect(stepped.result.sends.length).toBeGreaterThan(0);
  return { key, ...stepped.result };
}

/** The person opts out by a fresh message, answered in band: the confirmation goes out. */
async function optOut(deps: RuntimeDeps) {
  const receipt = await receive(deps, sms('m-stop', 'stop'), { inBand: true });
  expect(receipt.pending.map((i) => i.control)).toEqual([true]);
}

describe('carrying replies in a webhook response', () => {
  it('carries nothing a retry leased again under its own token, and leaves it leased to the retry', async () => {
    const { deps, universe } = testDeps();
    const store = deps.store;
    // The first attempt at "hi" saved its replies leased to its response, then stalled.
    const first = await savedLeased(deps, 'm1', 'hi');
    // Its lease ran out; Twilio's retry leased the replies again, under its own token, and
    // could not take them out (the store failed): they wait for the sweep once its lease ends.
    universe.advance(IN_BAND_LEASE_MS + 1);
    deps.store = failingTakeOut(store, { applied: false, uncertain: false });
    expect(await carryRedelivered(deps, first.key, 'm1')).toEqual([]);
    deps.store = store;
    const leasedToRetry = await store.load(first.key);
    expect(leasedToRetry?.outbox.map((i) => i.id)).toEqual(first.sends.map((i) => i.id));
    expect(leasedToRetry?.outbox.every((i) => i.dueAt > universe.now())).toBe(true);
    // The first attempt wakes up: the replies are still in the outbox and their lease holds,
    // but it is not its lease any more.
    expect(await carryLeased(deps, leasedToRetry!, first.sends)).toEqual([]);
    expect(await store.load(first.key)).toEqual(leasedToRetry);
  });

  it('carries none of its leased replies to a person who opted out meanwhile', async () => {
    const { deps } = testDeps();
    const first = await savedLeased(deps, 'm1', 'hi');
    // Before the response to "hi" takes its replies out, the person's STOP is handled.
    await optOut(deps);
    const optedOut = await deps.store.load(first.key);
    expect(optedOut?.state).toBe('optedOut');
    expect(optedOut?.outbox.map((i) => i.id)).toEqual(first.sends.map((i) => i.id));
    // The lease is still this response's and still holds, yet nothing goes to them.
    expect(await carryLeased(deps, optedOut!, first.sends)).toEqual([]);
    expect(await deps.store.load(first.key)).toEqual(optedOut);
  });

  it('leases nothing for a redelivery to a person who opted out since', async () => {
    const { deps, universe } = testDeps();
    const first = await savedLeased(deps, 'm1', 'hi');
    // The response to "hi" never went out and its lease ran out; then the person sent STOP.
    universe.advance(IN_BAND_LEASE_MS + 1);
    await optOut(deps);
    const optedOut = await deps.store.load(first.key);
    expect(optedOut?.outbox.map((i) => i.id)).toEqual(first.sends.map((i) => i.id));
    // Twilio redelivers "hi": its replies are not leased again.
    expect(await carryRedelivered(deps, first.key, 'm1')).toEqual([]);
    expect(await deps.store.load(first.key)).toEqual(optedOut);
  });
});
