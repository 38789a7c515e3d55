import type { HttpPost } from '../channels/http-post';
import { createTwilioSender } from '../channels/twilio/send';
import { createWhatsAppSender } from '../channels/whatsapp/send';
import { rawContent } from '../content/bundle';
import { compileContent } from '../content/compile';
import type { Content } from '../core/flows/content';
import type { ConversationStore } from '../store/store';
import { createAddressCipher } from './address-cipher';
import type { Config } from './config';
import type { RuntimeDeps } from './deps';
import { parseHours } from './hours';
import type { Logger } from './log';
import { createNotifier } from './notify';
import { createPseudonymiser } from './pseudonym';
import { statusCallbackUrl } from './routes/twilio';

/** What differs between runtimes beyond the store and the logger. */
export interface RuntimeParts {
  /** How work left running after a response is declared (Workers' waitUntil); Node lets it run. */
  defer?: (work: Promise<void>) => void;
  /** The HTTP client of the senders and the notifier; the platform's fetch by default. */
  post?: HttpPost;
  /** The content, compiled already (see worker.ts); compiled from the bundle here otherwise. */
  content?: Content;
}

/** The deps every runtime builds the same way from a Config; the entry brings the store. */
export function depsFromConfig(
  config: Config & { secret: string },
  store: ConversationStore,
  log: Logger,
  { defer = (work) => void work, post, content = compileContent(rawContent) }: RuntimeParts = {},
): RuntimeDeps {
  return {
    store,
    content,
    senders: sendersFromConfig(config, post),
    pseudonymise: createPseudonymiser(config.secret),
    addresses: createAddressCipher(config.secret),
    log,
    now: Date.now,
    newId: () => crypto.randomUUID(),
    hotline: parseHours(config.hotlineHours),
    // On-duty staff hear of high-severity escalations through the operator's webhook, if set.
    onHandoff:
      config.notify && notifyHandler(createNotifier({ ...config.notify, log, post }), defer),
    retention: config.retention,
    smsFallback: config.smsFallback,
  };
}

/** One sender per configured channel. Twilio's serves both its SMS and its WhatsApp senders. */
function sendersFromConfig(config: Config, post: HttpPost | undefined): RuntimeDeps['senders'] {
  const senders: RuntimeDeps['senders'] = {};
  if (config.whatsapp) senders.whatsapp = createWhatsAppSender({ ...config.whatsapp, post });
  if (config.twilio) {
    const twilio = createTwilioSender({
      ...config.twilio,
      statusCallback: statusCallbackUrl(config.publicUrl),
      post,
    });
    senders.sms = twilio;
    senders['twilio-whatsapp'] = twilio;
  }
  return senders;
}

/** onHandoff is fire-and-forget: the notifier logs its own failures. */
const notifyHandler =
  (
    notify: ReturnType<typeof createNotifier>,
    defer: (work: Promise<void>) => void,
  ): RuntimeDeps['onHandoff'] =>
  (notice) =>
    defer(notify(notice));
