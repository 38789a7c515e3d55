import type { Sender, SendResult } from '../../src/channels/channel';
import { StoreError } from '../../src/core/errors';
import type { InboundMessage, Outbound } from '../../src/core/messages';
import { createAddressCipher } from '../../src/runtime/address-cipher';
import type { RuntimeDeps } from '../../src/runtime/deps';
import { createMemoryLogger } from '../../src/runtime/log';
import { createPseudonymiser } from '../../src/runtime/pseudonym';
import { createMemoryStore } from '../../src/store/memory';
import type { ConversationStore } from '../../src/store/store';
import { testContent } from './test-content';
import { createUniverse } from './universe';

/** A sender that records what it is asked to send and answers from a script (ok by default). */
export function createScriptedSender(script: SendResult[] = []) {
  const sent: { to: string; message: Outbound }[] = [];
  const sender: Sender = {
    async send(to, message) {
      sent.push({ to, message });
      return script.shift() ?? { ok: true, providerId: `p${sent.length}` };
    },
  };
  return { sender, sent, script };
}

/**
 * `store` with its lock failing as `unavailable` on the calls `fails` picks (numbered from 1),
 * each after `onFail` (a clock moved on, say); `locks()` says how many were asked for.
 */
export function failingLocks(
  store: ConversationStore,
  fails: (lock: number) => boolean,
  onFail: () => void = () => {},
) {
  let locks = 0;
  const failing: ConversationStore = {
    ...store,
    withLock: (key, fn) => {
      locks += 1;
      if (!fails(locks)) return store.withLock(key, fn);
      onFail();
      return Promise.reject(new StoreError('unavailable', 'down'));
    },
  };
  return { store: failing, locks: () => locks };
}

/**
 * `store`, except that its first save taking leased replies out of the outbox (for a TwiML
 * answer) fails: with the removal `applied` or not, and Redis-like `uncertain` or not.
 */
export function failingTakeOut(
  store: ConversationStore,
  how: { applied: boolean; uncertain: boolean },
): ConversationStore {
  let failed = false;
  return {
    ...store,
    async save(record, expectedSeq) {
      if (!failed && (await store.load(record.key))?.outbox.length && !record.outbox.length) {
        failed = true;
        if (how.applied) await store.save(record, expectedSeq);
        throw new StoreError('unavailable', 'redis save: gone', { uncertain: how.uncertain });
      }
      return store.save(record, expectedSeq);
    },
  };
}

/** An inbound SMS saying `text`, from a fictional number, as the Twilio route parses one. */
export const textSms = (
  messageId: string,
  text: string,
  from = '+15550100003',
): InboundMessage => ({
  channel: 'sms',
  messageId,
  from,
  at: 0,
  content: { type: 'text', text },
});

/** Runtime deps over a memory store, a fake clock and the small test content. */
export function testDeps(over: Partial<RuntimeDeps> & { store?: ConversationStore } = {}) {
  const u = createUniverse();
  const log = createMemoryLogger();
  const scripted = createScriptedSender();
  const deps: RuntimeDeps = {
    store: createMemoryStore({ now: u.now }),
    content: testContent(),
    senders: { sms: scripted.sender, whatsapp: scripted.sender },
    pseudonymise: createPseudonymiser('test-secret-test-secret-test-secret'),
    addresses: createAddressCipher('test-secret-test-secret-test-secret'),
    log,
    now: u.now,
    newId: u.newId,
    retention: {
      conversationMs: 86_400_000,
      claimMs: 86_400_000,
      transcriptMs: 86_400_000,
      auditMs: 86_400_000,
    },
    ...over,
  };
  return { deps, universe: u, log, sent: scripted.sent, script: scripted.script };
}
