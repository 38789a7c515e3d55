import type { Sender } from '../channels/channel';
import type { HotlineStatus } from '../core/conversation/events';
import type { DistressCategory, Severity } from '../core/distress';
import type { Content } from '../core/flows/content';
import type { ChannelId } from '../core/messages';
import type { MetricsStore } from '../store/metrics';
import type { ConversationStore } from '../store/store';
import type { AddressCipher } from './address-cipher';
import type { Logger } from './log';
import type { Pseudonymise } from './pseudonym';

/** Everything the runtime works with, built once by an entry (Node, Workers, the chat, tests). */
export interface RuntimeDeps {
  store: ConversationStore;
  content: Content;
  /** Senders for the channels that are configured; a missing one means the channel is off. */
  senders: Partial<Record<ChannelId, Sender>>;
  pseudonymise: Pseudonymise;
  /** Seals the raw address a record keeps for replies, and opens it to send (SIRA_SECRET). */
  addresses: AddressCipher;
  log: Logger;
  now: () => number;
  newId: () => string;
  /** Whether the hotline is staffed at a time (config: SIRA_HOTLINE_HOURS); always when absent. */
  hotline?: (now: number) => HotlineStatus;
  /** Hotline replies by SMS to WhatsApp numbers after the 24-hour window, from this number. */
  smsFallback?: { from: string };
  /** Where the reports' daily counters go (none: nothing is counted). */
  metrics?: MetricsStore;
  /** Told when an escalation opens or grows more urgent (console live updates, notifications). */
  onHandoff?: (event: HandoffNotice) => void;
  retention: {
    /** Conversation state is kept this long after the last message. */
    conversationMs: number;
    /** A provider message id is remembered this long: longer than any redelivery window. */
    claimMs: number;
    /** A closed escalation's transcript is kept this long for the hotline (store.archive). */
    transcriptMs: number;
    /** Content-free audit entries (an erasure happened) are kept this long (store.audit). */
    auditMs: number;
  };
}

/** What is said of an escalation outside the core: no text, no address. */
export interface HandoffNotice {
  key: string;
  id: string;
  category: DistressCategory;
  severity: Severity;
}
