import { rawContent } from '../../src/content/bundle';
import { compileContent } from '../../src/content/compile';
import { createAddressCipher } from '../../src/runtime/address-cipher';
import type { RuntimeDeps } from '../../src/runtime/deps';
import { createMemoryLogger } from '../../src/runtime/log';
import { createPseudonymiser } from '../../src/runtime/pseudonym';
import { createMemoryStore } from '../../src/store/memory';

const content = compileContent(rawContent);

/** Runtime deps for tests: memory store, a clock the test moves, counting ids, a kept log. */
export function testDeps(overrides: Partial<RuntimeDeps> = {}) {
  const clock = { now: 1_800_000_000_000 };
  let ids = 0;
  const log = createMemoryLogger();
  const deps: RuntimeDeps = {
    store: createMemoryStore({ now: () => clock.now }),
    content,
    senders: {},
    pseudonymise: createPseudonymiser('test-secret-that-is-long-enough-0123456789'),
    addresses: createAddressCipher('test-secret-that-is-long-enough-0123456789'),
    log,
    now: () => clock.now,
    newId: () => `id-${++ids}`,
    retention: {
      conversationMs: 30 * 86_400_000,
      claimMs: 7 * 86_400_000,
      transcriptMs: 90 * 86_400_000,
      auditMs: 365 * 86_400_000,
    },
    ...overrides,
  };
  return { deps, clock, log };
}
