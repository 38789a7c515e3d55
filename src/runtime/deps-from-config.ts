import { createWhatsAppSender } from '../channels/whatsapp/send';
import { rawContent } from '../content/bundle';
import { compileContent } from '../content/compile';
import type { ConversationStore } from '../store/store';
import type { Config } from './config';
import type { RuntimeDeps } from './deps';
import type { Logger } from './log';
import { createPseudonymiser } from './pseudonym';

/** The deps every runtime builds the same way from a Config; the entry brings the store. */
export function depsFromConfig(
  config: Config & { secret: string },
  store: ConversationStore,
  log: Logger,
): RuntimeDeps {
  return {
    store,
    content: compileContent(rawContent),
    senders: {
      ...(config.whatsapp ? { whatsapp: createWhatsAppSender(config.whatsapp) } : {}),
    },
    pseudonymise: createPseudonymiser(config.secret),
    log,
    now: Date.now,
    newId: () => crypto.randomUUID(),
    retention: config.retention,
  };
}
