import type { Sender } from '../channels/channel';
import type { Content } from '../core/flows/content';
import type { ChannelId } from '../core/messages';
import type { ConversationStore } from '../store/store';
import type { Logger } from './log';
import type { Pseudonymise } from './pseudonym';

/** Everything the runtime works with, built once by an entry (Node, Workers, the chat, tests). */
export interface RuntimeDeps {
  store: ConversationStore;
  content: Content;
  /** Senders for the channels that are configured; a missing one means the channel is off. */
  senders: Partial<Record<ChannelId, Sender>>;
  pseudonymise: Pseudonymise;
  log: Logger;
  now: () => number;
  newId: () => string;
  retention: {
    /** Conversation state is kept this long after the last message. */
    conversationMs: number;
    /** A provider message id is remembered this long: longer than any redelivery window. */
    claimMs: number;
  };
}
