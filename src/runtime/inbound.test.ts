import { describe, expect, it } from 'vitest';
import { createScriptedSender, testDeps, textSms as sms } from '../../test/helpers/runtime';
import type { Sender } from '../channels/channel';
import { StoreError } from '../core/errors';
import { deliver, retryDelay, sweep } from './deliver';
import { PROCESSING_CLAIM_MS, receive } from './inbound';

describe('receiving a message', () => {
  it('saves the reply in the outbox before anything is sent', async () => {
    const { deps, sent } = testDeps();
    const receipt = await receive(deps, sms('m1', 'hi'));
    expect(receipt.fresh).toBe(true);
    expect(receipt.pending).toHaveLength(1);
    expect(sent).toEqual([]);
    const record = await deps.store.load(receipt.key);
    expect(record?.outbox.map((i) => i.id)).toEqual(receipt.pending.map((i) => i.id));
  });

  it('keys the conversation by a pseudonym, never the number', async () => {
    const { deps } = testDeps();
    const receipt = await receive(deps, sms('m1', 'hi'));
    expect(receipt.key).not.toContain('555');
    expect(receipt.key).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const again = await receive(deps, sms('m2', 'hi'));
    expect(again.key).toBe(receipt.key);
  });

  it("seals a sender's address once, and reuses it from the record after", async () => {
    const { deps } = testDeps();
    const cipher = deps.addresses;
    let seals = 0;
    deps.addresses = {
      ...cipher,
      seal: (key, address) => {
        seals += 1;
        return cipher.seal(key, address);
      },
    };
    const first = await receive(deps, sms('m1', 'hi'));
    const sealed = (await deps.store.load(first.key))?.address as string;
    await receive(deps, sms('m2', '1'));
    const record = await deps.store.load(first.key);
    expect(seals).toBe(1);
    expect(record?.seq).toBe(2);
    expect(record?.address).toBe(sealed);
    expect(await cipher.open(first.key, sealed)).toBe('+15550100003');
  });

  it('answers a redelivered message id once, reporting what is still pending', async () => {
    const { deps } = testDeps();
    const first = await receive(deps, sms('m1', 'hi'));
    const second = await receive(deps, sms('m1', 'hi'));
    expect(second.fresh).toBe(false);
    expect(second.pending).toEqual(first.pending);
    expect((await deps.store.load(first.key))?.seq).toBe(1);
  });

  it('releases the claim when the store fails, so the provider retry is processed', async () => {
    // The store keeps the test's clock (testDeps'), so records do not expire by the real date.
    const { deps } = testDeps();
    const store = deps.store;
    let down = true;
    deps.store = {
      ...store,
      async save(...args: Parameters<typeof store.save>) {
        if (down) throw new StoreError('unavailable', 'down');
        return store.save(...args);
      },
    };
    await expect(receive(deps, sms('m1', 'hi'))).rejects.toMatchObject({ code: 'unavailable' });
    down = false;
    const retry = await receive(deps, sms('m1', 'hi'));
    expect(retry.fresh).toBe(true);
    expect(retry.pending).toHaveLength(1);
  });

  it('does not block the provider retry for long when the store fails and the release too', async () => {
    const { deps, universe } = testDeps();
    const store = deps.store;
    let down = true;
    deps.store = {
      ...store,
      async save(...args: Parameters<typeof store.save>) {
        if (down) throw new StoreError('unavailable', 'down');
        return store.save(...args);
      },
      async release() {
        throw new StoreError('unavailable', 'down');
      },
    };
    await expect(receive(deps, sms('m1', 'hi'))).rejects.toMatchObject({ code: 'unavailable' });
    down = false;
    // The claim is still taken but was never confirmed: not "done", so 503 and retry later.
    await expect(receive(deps, sms('m1', 'hi'))).rejects.toMatchObject({ code: 'unavailable' });
    universe.advance(PROCESSING_CLAIM_MS + 1);
    const retry = await receive(deps, sms('m1', 'hi'));
    expect(retry.fresh).toBe(true);
    expect(retry.pending).toHaveLength(1);
    // Once saved, the claim is confirmed for the whole redelivery window.
    universe.advance(PROCESSING_CLAIM_MS + 1);
    expect((await receive(deps, sms('m1', 'hi'))).fresh).toBe(false);
  });

  it('answers a redelivery once even when the claim was never confirmed', async () => {
    const { deps, universe } = testDeps();
    const store = deps.store;
    deps.store = {
      ...store,
      async confirm() {
        throw new StoreError('unavailable', 'down just after the save');
      },
    };
    const first = await receive(deps, sms('m1', 'hi'));
    expect(first.fresh).toBe(true);
    // While the short claim holds, the record shows the message handled: a duplicate.
    const during = await receive(deps, sms('m1', 'hi'));
    expect(during).toMatchObject({ fresh: false, pending: first.pending });
    // After it lapses, the claim is taken again, but the record still knows the message.
    universe.advance(PROCESSING_CLAIM_MS + 1);
    const after = await receive(deps, sms('m1', 'hi'));
    expect(after.fresh).toBe(false);
    expect((await store.load(first.key))?.seq).toBe(1);
  });

  it('retries the step when another writer saved first', async () => {
    const { deps } = testDeps();
    const store = deps.store;
    let raced = false;
    deps.store = {
      ...store,
      async save(...args: Parameters<typeof store.save>) {
        if (!raced) {
          raced = true;
          // Another instance saves the same conversation between our load and our save.
          await store.save({ ...args[0], state: 'choosingLanguage', seen: [] }, args[1]);
        }
        return store.save(...args);
      },
    };
    const receipt = await receive(deps, sms('m1', 'hi'));
    expect((await store.load(receipt.key))?.seq).toBe(2);
  });

  it('steps concurrent messages of one person one at a time: no update is lost', async () => {
    const { deps } = testDeps();
    const receipts = await Promise.all(
      ['hi', 'hello', 'salut', 'bonjour'].map((t, i) => receive(deps, sms(`m${i}`, t))),
    );
    const record = await deps.store.load(receipts[0]!.key);
    expect(record?.seq).toBe(4);
    expect(record?.outbox).toHaveLength(4);
  });
});

describe('delivering replies', () => {
  it('sends due replies in order and empties the outbox', async () => {
    const { deps, sent } = testDeps();
    const a = await receive(deps, sms('m1', 'hi'));
    await receive(deps, sms('m2', '2'));
    await deliver(deps, a.key);
    expect(sent.map((s) => s.to)).toEqual(['+15550100003', '+15550100003']);
    expect((await deps.store.load(a.key))?.outbox).toEqual([]);
  });

  it('keeps a reply after a transient failure and retries it later, holding the ones after it', async () => {
    const { deps, sent, universe } = testDeps();
    const { sender, script } = createScriptedSender([
      { ok: false, error: { code: 'provider_unavailable', retryable: true } },
    ]);
    deps.senders.sms = sender;
    const a = await receive(deps, sms('m1', 'hi'));
    await receive(deps, sms('m2', '2'));
    await deliver(deps, a.key);
    const record = await deps.store.load(a.key);
    expect(record?.outbox).toHaveLength(2);
    expect(record?.outbox[0]?.attempts).toBe(1);
    expect(script).toHaveLength(0);
    expect(await deps.store.due!(universe.now(), 10)).toEqual([]);
    universe.advance(60_000);
    expect(await sweep(deps)).toBe(1);
    expect((await deps.store.load(a.key))?.outbox).toEqual([]);
    expect(sent).toHaveLength(0);
  });

  it('drops a reply after a permanent failure and logs its code', async () => {
    const { deps, log } = testDeps();
    deps.senders.sms = createScriptedSender([
      { ok: false, error: { code: 'invalid_recipient', retryable: false, providerCode: '21211' } },
    ]).sender;
    const a = await receive(deps, sms('m1', 'hi'));
    await deliver(deps, a.key);
    expect((await deps.store.load(a.key))?.outbox).toEqual([]);
    expect(log.lines.some((l) => l.includes('"send.failed"') && l.includes('21211'))).toBe(true);
  });

  it('loads the conversation to lease and to settle, not once more to find nothing due', async () => {
    const { deps, sent } = testDeps();
    const a = await receive(deps, sms('m1', 'hi'));
    const store = deps.store;
    let loads = 0;
    deps.store = {
      ...store,
      load(key) {
        loads++;
        return store.load(key);
      },
    };
    await deliver(deps, a.key);
    expect(sent).toHaveLength(1);
    expect(loads).toBe(2);
  });

  it('goes on to a reply saved while its run was being sent', async () => {
    const { deps, sent } = testDeps();
    const a = await receive(deps, sms('m1', 'hi'));
    const sender = deps.senders.sms as Sender;
    let during: Promise<unknown> | null = null;
    deps.senders.sms = {
      async send(to, message, options) {
        during ??= receive(deps, sms('m2', '2'));
        await during;
        return sender.send(to, message, options);
      },
    };
    await deliver(deps, a.key);
    expect(sent).toHaveLength(2);
    expect((await deps.store.load(a.key))?.outbox).toEqual([]);
  });

  it('backs off exponentially with jitter, within bounds', () => {
    expect(retryDelay(1, () => 0)).toBe(2_000);
    expect(retryDelay(1, () => 1)).toBe(4_000);
    expect(retryDelay(3, () => 1)).toBe(16_000);
    expect(retryDelay(30, () => 1)).toBe(600_000);
  });
});
