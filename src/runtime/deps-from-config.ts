import { createTwilioSender } from '../channels/twilio/send';
import { createWhatsAppSender } from '../channels/whatsapp/send';
import { rawContent } from '../content/bundle';
import { compileContent } from '../content/compile';
import type { ConversationStore } from '../store/store';
import { createAddressCipher } from './address-cipher';
import type { Config } from './config';
import type { RuntimeDeps } from './deps';
import { parseHours } from './hours';
import type { Logger } from './log';
import { createNotifier } from './notify';
import { createPseudonymiser } from './pseudonym';
import { statusCallbackUrl } from './routes/twilio';

/**
 * The deps every runtime builds the same way from a Config; the entry brings the store, and
 * `defer` where work left running after a response must be declared (Workers' waitUntil).
 */
export function depsFromConfig(
  config: Config & { secret: string },
  store: ConversationStore,
  log: Logger,
  defer: (work: Promise<void>) => void = (work) => void work,
): RuntimeDeps {
  return {
    store,
    content: compileContent(rawContent),
    senders: sendersFromConfig(config),
    pseudonymise: createPseudonymiser(config.secret),
    addresses: createAddressCipher(config.secret),
    log,
    now: Date.now,
    newId: () => crypto.randomUUID(),
    hotline: parseHours(config.hotlineHours),
    // On-duty staff hear of high-severity escalations through the operator's webhook, if set.
    onHandoff: config.notify && notifyHandler(createNotifier({ ...config.notify, log }), defer),
    retention: config.retention,
    smsFallback: config.smsFallback,
  };
}

/** One sender per configured channel. Twilio's serves both its SMS and its WhatsApp senders. */
function sendersFromConfig(config: Config): RuntimeDeps['senders'] {
  const senders: RuntimeDeps['senders'] = {};
  if (config.whatsapp) senders.whatsapp = createWhatsAppSender(config.whatsapp);
  if (config.twilio) {
    const twilio = createTwilioSender({
      ...config.twilio,
      statusCallback: statusCallbackUrl(config.publicUrl),
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
