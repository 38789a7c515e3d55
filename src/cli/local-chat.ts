import type { AgentAction } from '../core/conversation/handoff';
import type { Content } from '../core/flows/content';
import type { ChannelId, InboundContent, Outbound } from '../core/messages';
import { createHandoffService } from '../handoff/service';
import { createAddressCipher } from '../runtime/address-cipher';
import { DEFAULT_RETENTION } from '../runtime/config';
import { deliver } from '../runtime/deliver';
import type { RuntimeDeps } from '../runtime/deps';
import { receive } from '../runtime/inbound';
import { createLocalSender } from '../runtime/local-sender';
import type { Logger } from '../runtime/log';
import { createPseudonymiser } from '../runtime/pseudonym';
import { createMemoryStore } from '../store/memory';
import { tappable } from './draw';

/** A fictional number from a range reserved for drama and tests: never a real person. */
export const LOCAL_ADDRESS = '+15550100001';

export interface LocalChatOptions {
  channel: ChannelId;
  content: Content;
  log: Logger;
  now?: () => number;
  newId?: () => string;
}

/**
 * A conversation with the bot through the real pipeline (claim, lock, step, save, deliver) on a
 * memory store, without any provider: what the terminal chat and the golden transcripts run.
 * On WhatsApp a digit taps the numbered button or row of the last message, as a thumb would.
 */
export function createLocalChat(options: LocalChatOptions) {
  const received: Outbound[] = [];
  let lastTappable: string[] = [];
  let counter = 0;
  let key: string | undefined;
  const deps: RuntimeDeps = {
    store: createMemoryStore({ now: options.now }),
    content: options.content,
    senders: { [options.channel]: createLocalSender((_, m) => received.push(m)) },
    pseudonymise: createPseudonymiser('local-chat-secret-not-for-production'),
    addresses: createAddressCipher('local-chat-secret-not-for-production'),
    log: options.log,
    now: options.now ?? Date.now,
    newId: options.newId ?? (() => crypto.randomUUID()),
    retention: DEFAULT_RETENTION,
  };
  const hotline = createHandoffService(deps);

  async function send(typed: string | InboundContent): Promise<Outbound[]> {
    const content = typeof typed === 'string' ? toContent(typed) : typed;
    counter += 1;
    const receipt = await receive(deps, {
      channel: options.channel,
      messageId: `local-${counter}`,
      from: LOCAL_ADDRESS,
      at: deps.now(),
      content,
    });
    key = receipt.key;
    await deliver(deps, receipt.key);
    const out = received.splice(0);
    const last = out.at(-1);
    lastTappable = last ? tappable(last) : lastTappable;
    return out;
  }

  function toContent(typed: string): InboundContent {
    const tap = /^\d+$/.test(typed.trim()) ? lastTappable[Number(typed.trim()) - 1] : undefined;
    return tap ? { type: 'choice', id: tap } : { type: 'text', text: typed };
  }

  /**
   * A hotline worker acts on this conversation (claim, reply, close...), through the same
   * service as the console; returns what the person receives, or the refusal code.
   */
  async function agent(action: AgentAction): Promise<Outbound[] | string> {
    if (!key) return 'not_found';
    const result = await hotline.act(key, action);
    if (!result.ok) return result.code;
    // The service has delivered what the action queued.
    return received.splice(0);
  }

  /** The lifecycle state the conversation is in, for transcripts. */
  async function state(): Promise<string | undefined> {
    return key ? (await deps.store.load(key))?.state : undefined;
  }

  return { send, agent, state, deps };
}
