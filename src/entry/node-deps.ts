import type { Config } from '../runtime/config';
import type { RuntimeDeps } from '../runtime/deps';
import { depsFromConfig } from '../runtime/deps-from-config';
import type { Logger } from '../runtime/log';
import type { ConversationStore } from '../store/store';
import { createNodeAddressCipher } from './node-address-cipher';
import { nodeHttpPost } from './node-http-post';
import { createNodePseudonymiser } from './node-pseudonym';

/**
 * The runtime deps as `npm start` builds them, metrics aside: those of every runtime, with
 * Node's own crypto for pseudonyms and sealed addresses and its HTTP client for the senders.
 */
export function nodeDeps(
  config: Config & { secret: string },
  store: ConversationStore,
  log: Logger,
): RuntimeDeps {
  return {
    ...depsFromConfig(config, store, log, { post: nodeHttpPost }),
    pseudonymise: createNodePseudonymiser(config.secret),
    addresses: createNodeAddressCipher(config.secret),
  };
}
