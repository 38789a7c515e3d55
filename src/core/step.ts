import { initialTransition, transition } from 'xstate';
import type { ConversationContext } from './conversation/context';
import type { Input } from './conversation/events';
import { conversationMachine, MACHINE_VERSION } from './conversation/machine';
import type { Effect, ShellEffect } from './effects';
import type { Content } from './flows/content';
import {
  type ChannelId,
  type InboundContent,
  type InboundMessage,
  type ReplyView,
  surfaceOf,
} from './messages';
import { type ConversationRecord, OPTED_OUT, type OutboxItem } from './record';
import { render } from './render/render';
import { clean, fold } from './text';

/** Inputs the core cannot produce itself: time, ids and the content. */
export interface StepContext {
  now: number;
  newId: () => string;
  content: Content;
  /** How long a conversation is kept after its last message. */
  ttlMs: number;
  /**
   * When new replies are first due; defaults to `now`. The runtime sets it later when the
   * replies go out inside the webhook's response (TwiML), so the outbox sweep leaves them alone.
   */
  dueAt?: number;
}

/** An inbound message for the conversation the runtime keyed (pseudonymously) as `key`. */
export interface StepEvent {
  type: 'message';
  key: string;
  message: InboundMessage;
}

export interface StepResult {
  record: ConversationRecord;
  /** Replies to send, already in `record.outbox`. */
  sends: OutboxItem[];
  /** Everything else for the shell to perform after saving. */
  effects: ShellEffect[];
}

/**
 * The whole conversation logic for one inbound message: restore, classify, transition, render.
 * Pure: the same record, message and context always give the same result.
 */
export function step(
  record: ConversationRecord | null,
  event: StepEvent,
  ctx: StepContext,
): StepResult {
  const { message } = event;
  const snapshot = restore(record);
  const input = classify(ctx.content, message.content);
  const [next, actions] = transition(conversationMachine, snapshot, {
    type: 'input',
    input,
    content: ctx.content,
  });
  const effects = actions.flatMap((a) => (a.type === 'effect' ? [a.params as Effect] : []));
  const context = next.context as ConversationContext;
  const lng = context.lng ?? ctx.content.languages[0]?.code ?? 'en';
  const control = String(next.value) === OPTED_OUT;
  const sends = replies(effects, message.channel, lng, message.messageId, ctx).map((send) =>
    control ? { ...send, control } : send,
  );
  const updated: ConversationRecord = {
    key: event.key,
    channel: message.channel,
    address: message.from,
    via: message.to ?? record?.via,
    seq: (record?.seq ?? 0) + 1,
    mv: MACHINE_VERSION,
    rev: ctx.content.rev,
    state: String(next.value),
    ctx: context,
    outbox: [...(record?.outbox ?? []), ...sends],
    deliveries: record?.deliveries,
    updatedAt: ctx.now,
    expiresAt: ctx.now + ctx.ttlMs,
  };
  const shell = effects.filter((e): e is ShellEffect => e.type !== 'reply');
  return { record: updated, sends, effects: shell };
}

/** A stored record from another machine version starts over rather than restoring badly. */
function restore(record: ConversationRecord | null) {
  if (record && record.mv === MACHINE_VERSION) {
    return conversationMachine.resolveState({ value: record.state, context: record.ctx });
  }
  return initialTransition(conversationMachine)[0];
}

/** Turn what a channel parsed into what the machine understands. */
export function classify(content: Content, inbound: InboundContent): Input {
  switch (inbound.type) {
    case 'text': {
      const text = clean(inbound.text);
      const command = content.commands.get(fold(text));
      return command ? { kind: 'command', command } : { kind: 'text', text };
    }
    case 'choice':
      return { kind: 'choice', id: inbound.id };
    case 'location':
      return { kind: 'location', latitude: inbound.latitude, longitude: inbound.longitude };
    case 'media':
      return { kind: 'media', media: inbound.media };
    case 'unsupported':
      return { kind: 'media', media: 'unsupported' };
  }
}

function replies(
  effects: readonly Effect[],
  channel: ChannelId,
  lng: string,
  inReplyTo: string,
  ctx: StepContext,
): OutboxItem[] {
  const labels = {
    choose: ctx.content.t(lng, 'common:nav.choose'),
    more: ctx.content.t(lng, 'common:nav.more'),
    part: (n: number, total: number) => ctx.content.t(lng, 'common:nav.part', { n, total }),
  };
  const target = { surface: surfaceOf(channel), gsm7: channel === 'sms' };
  return mergeReplies(effects.flatMap((e) => (e.type === 'reply' ? [e.reply] : [])))
    .flatMap((reply) => render(reply, target, labels))
    .map((message) => ({
      id: ctx.newId(),
      inReplyTo,
      message,
      attempts: 0,
      dueAt: ctx.dueAt ?? ctx.now,
    }));
}

/**
 * Join each plain-text reply to the one after it ("I did not understand" + the menu), so a
 * person on SMS pays for one message instead of two.
 */
export function mergeReplies(views: readonly ReplyView[]): ReplyView[] {
  const out: ReplyView[] = [];
  let pending: string[] = [];
  for (const view of views) {
    if (!view.options?.length) {
      pending.push(view.text);
      continue;
    }
    out.push(pending.length ? { ...view, notice: pending.join('\n\n') } : view);
    pending = [];
  }
  if (pending.length) out.push({ text: pending.join('\n\n') });
  return out;
}
