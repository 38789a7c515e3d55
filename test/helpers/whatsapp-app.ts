import { createWhatsAppSender } from '../../src/channels/whatsapp/send';
import { rawContent } from '../../src/content/bundle';
import { compileContent } from '../../src/content/compile';
import { createAddressCipher } from '../../src/runtime/address-cipher';
import { createApp } from '../../src/runtime/app';
import { DEFAULT_RETENTION } from '../../src/runtime/config';
import type { RuntimeDeps } from '../../src/runtime/deps';
import { createMemoryLogger } from '../../src/runtime/log';
import { createPseudonymiser } from '../../src/runtime/pseudonym';
import { createMemoryStore } from '../../src/store/memory';
import type { ConversationStore } from '../../src/store/store';
import type { FakeGraph } from './fake-graph';
import { metaRequest } from './meta';
import { listen } from './serve';

export const APP_SECRET = 'test-app-secret-not-for-production';
export const VERIFY_TOKEN = 'test-verify-token';
export const PHONE_NUMBER_ID = '106540352242922';
const content = compileContent(rawContent);

interface AppHarnessOptions {
  graph: FakeGraph;
  store?: ConversationStore;
  /** A clock the test moves; defaults to the real one. */
  clock?: { now: number };
  /** `false` drops the work after the 200, as a crash right after the acknowledgement would. */
  background?: boolean;
  sendTimeoutMs?: number;
}

/**
 * The whole app with a memory store and a sender pointed at the fake Graph API, served on a
 * real local port. Work after each 200 is collected so a test can wait for it (`idle`).
 */
export async function startWhatsAppApp(options: AppHarnessOptions) {
  const log = createMemoryLogger();
  const clock = options.clock;
  const deps: RuntimeDeps = {
    store: options.store ?? createMemoryStore(clock ? { now: () => clock.now } : {}),
    content,
    senders: {
      whatsapp: createWhatsAppSender({
        graphUrl: options.graph.url,
        phoneNumberId: PHONE_NUMBER_ID,
        accessToken: 'test-access-token',
        timeoutMs: options.sendTimeoutMs,
      }),
    },
    pseudonymise: createPseudonymiser('test-secret-test-secret-test-secret-00'),
    addresses: createAddressCipher('test-secret-test-secret-test-secret-00'),
    log,
    now: clock ? () => clock.now : Date.now,
    newId: () => crypto.randomUUID(),
    retention: DEFAULT_RETENTION,
  };
  const pending: Promise<void>[] = [];
  const app = createApp(deps, {
    whatsapp: { verifyToken: VERIFY_TOKEN, appSecret: APP_SECRET },
    defer: (work) => {
      if (options.background !== false) pending.push(work());
    },
  });
  const served = await listen(app.fetch);
  const webhook = `${served.url}/webhooks/whatsapp`;
  return {
    url: served.url,
    webhook,
    deps,
    log,
    /** POST a raw body signed as Meta signs it (or with the given signature header). */
    async post(body: string, signature?: string | null) {
      return fetch(await metaRequest(webhook, body, APP_SECRET, signature));
    },
    /** Wait until every delivery started after an acknowledgement has finished. */
    async idle() {
      while (pending.length) await Promise.all(pending.splice(0));
    },
    key: (from: string) => deps.pseudonymise(`whatsapp:${from}`),
    close: served.close,
  };
}
