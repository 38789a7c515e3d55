import { initialTransition } from 'xstate';
import { derivedPer } from './cache';
import type { ConversationContext } from './conversation/context';
import { emptyContext } from './conversation/context';
import type { ConversationEvent, HotlineStatus, Input } from './conversation/events';
import type { AgentAction, Handoff, TranscriptEntry } from './conversation/handoff';
import { conversationMachine, MACHINE_VERSION } from './conversation/machine';
import { transitionConversation } from './conversation/transition';
import type { Detection } from './distress';
import { type Effect, isShellEffect, type ShellEffect } from './effects';
import type { Content } from './flows/content';
import {
  type ChannelId,
  type InboundContent,
  type InboundMessage,
  type ReplyView,
  surfaceOf,
} from './messages';
import {
  type ConversationRecord,
  ERASED,
  ERASED_TTL_MS,
  IN_FLOW,
  OPTED_OUT,
  type OutboxItem,
} from './record';
import { toGsm7 } from './render/gsm7';
import { type RenderLabels, render } from './render/render';
import { clean, fold } from './text';

/** Inputs the core cannot produce itself: time, ids and the content. */
export interface StepContext {
  now: number;
  newId: () => string;
  content: Content;
  /** How long a conversation is kept after its last message. */
  ttlMs: number;
  /**
   * How long a closed escalation's transcript is kept (the shell keeps it: store.archive); the
   * core only tells people, in the privacy notice.
   */
  transcriptMs: number;
  /** Whether the hotline is staffed now; open when not given. */
  hotline?: HotlineStatus;
  /**
   * When new replies are first due; defaults to `now`. The runtime sets it later when the
   * replies go out inside the webhook's response (TwiML), so the outbox sweep leaves them alone.
   */
  dueAt?: number;
}

/** An inbound message for the conversation the runtime keyed (pseudonymously) as `key`. */
export interface MessageEvent {
  type: 'message';
  key: string;
  message: InboundMessage;
}

/** A hotline worker's action on a conversation (src/handoff checks who may do what). */
export interface WorkerEvent {
  type: 'agent';
  key: string;
  action: AgentAction;
}

export type StepEvent = MessageEvent | WorkerEvent;

export interface StepResult {
  record: ConversationRecord;
  /** Replies to send, already in `record.outbox`. */
  sends: OutboxItem[];
  /** Everything else for the shell to perform after saving. */
  effects: ShellEffect[];
}

/** The longest transcript a record keeps for the hotline, and the longest line in it. */
const TRANSCRIPT_LIMIT = 200;
const LINE_LIMIT = 2_000;

/**
 * The whole conversation logic for one event: restore, detect distress, classify, transition,
 * render, and keep the hotline's transcript. Pure: the same record, event and context always
 * give the same result. A worker's action needs an existing record.
 */
export function step(
  record: ConversationRecord | null,
  event: StepEvent,
  ctx: StepContext,
): StepResult {
  const snapshot = restore(record);
  const env = {
    content: ctx.content,
    now: ctx.now,
    newId: ctx.newId,
    hotline: ctx.hotline ?? OPEN,
    keep: { conversationDays: days(ctx.ttlMs), transcriptDays: days(ctx.transcriptMs) },
  };
  const message = event.type === 'message' ? event.message : null;
  const inbound = message ? textOf(message.content) : null;
  const machineEvent: ConversationEvent = message
    ? {
        type: 'input',
        ...classifyWithDistress(ctx.content, message.content, inbound),
        text: inbound,
        ...env,
      }
    : { type: 'agent', action: (event as WorkerEvent).action, ...env };
  const [next, actions] = transitionConversation(snapshot, machineEvent);
  const effects = actions.flatMap((a) => (a.type === 'effect' ? [a.params as Effect] : []));
  const channel = message?.channel ?? (record as ConversationRecord).channel;
  let context = next.context as ConversationContext;
  const lng = context.lng ?? ctx.content.languages[0]?.code ?? 'en';
  const state = String(next.value);
  const control = state === OPTED_OUT;
  const inReplyTo = message?.messageId;
  const sends = [
    ...replies(effects, { channel, lng, paged: state === IN_FLOW }, inReplyTo, ctx),
    ...templates(effects, ctx),
    ...bySms(effects, ctx),
  ].map((send) => (control ? { ...send, control } : send));
  if (context.handoff) {
    context = {
      ...context,
      handoff: withTranscript(context.handoff, message, inbound, effects, sends, ctx.now),
    };
  }
  const updated: ConversationRecord = {
    key: event.key,
    channel,
    address: message?.from ?? (record as ConversationRecord).address,
    via: message?.to ?? record?.via,
    seq: (record?.seq ?? 0) + 1,
    mv: MACHINE_VERSION,
    rev: ctx.content.rev,
    state,
    ctx: context,
    outbox: [...(record?.outbox ?? []), ...sends],
    deliveries: record?.deliveries,
    lastInboundAt: message ? ctx.now : record?.lastInboundAt,
    updatedAt: ctx.now,
    expiresAt: ctx.now + ctx.ttlMs,
  };
  const shell = effects.filter(isShellEffect);
  if (updated.state === ERASED) {
    return { record: erasedRecord(updated, sends, ctx), sends, effects: shell };
  }
  return { record: updated, sends, effects: shell };
}

const OPEN: HotlineStatus = { open: true };
const DAY_MS = 24 * 60 * 60 * 1000;
const days = (ms: number) => Math.round(ms / DAY_MS);

/**
 * What is left of a conversation the person erased: the one reply confirming it, and what is
 * needed to send that reply (the sealed address, the channel), nothing else: no context, no
 * transcript, no earlier replies, no delivery log. The shell deletes it once the reply is out
 * (deliver.ts); it expires within ERASED_TTL_MS in any case.
 */
function erasedRecord(
  record: ConversationRecord,
  sends: OutboxItem[],
  ctx: StepContext,
): ConversationRecord {
  return {
    key: record.key,
    channel: record.channel,
    address: record.address,
    ...(record.via ? { via: record.via } : {}),
    seq: record.seq,
    mv: record.mv,
    rev: record.rev,
    state: ERASED,
    ctx: emptyContext(),
    outbox: sends,
    updatedAt: ctx.now,
    expiresAt: ctx.now + ERASED_TTL_MS,
  };
}

/** The words a person wrote, or a caption, for detection and the transcript. */
function textOf(content: InboundContent): string | null {
  if (content.type === 'text') return clean(content.text);
  if (content.type === 'media') return content.caption ? clean(content.caption) : null;
  return null;
}

/**
 * Distress detection on every message, before any menu logic. A bare HELP keyword is the one
 * exception to escalating at once: it is also the SMS convention for "how does this work", so
 * it is asked about instead (the reply explains the line and offers a person).
 */
function classifyWithDistress(
  content: Content,
  inbound: InboundContent,
  text: string | null,
): { input: Input; detection: Detection | null } {
  const input = classify(content, inbound);
  const found = text ? content.detect(text) : null;
  const helpKeyword = input.kind === 'command' && input.command === 'help';
  const detection = found && helpKeyword ? { ...found, severity: 'medium' as const } : found;
  return { input, detection };
}

/**
 * The hotline reads everything said while the handoff is open: the person, the bot, the worker.
 * When one line was said in this step, it carries the outbox ids it went out as (a reply can
 * be several SMS parts), so the console can show whether it arrived. Bot replies merged into
 * one message are not linked: which part came from which line is not kept.
 */
function withTranscript(
  handoff: Handoff,
  message: InboundMessage | null,
  inbound: string | null,
  effects: readonly Effect[],
  sends: readonly OutboxItem[],
  now: number,
): Handoff {
  const lines: TranscriptEntry[] = [];
  if (message) {
    const content = message.content;
    const text = inbound ?? `[${content.type === 'media' ? content.media : content.type}]`;
    const media =
      content.type === 'media'
        ? { kind: content.media, ...(content.id ? { id: content.id } : {}) }
        : undefined;
    lines.push(
      media ? { at: now, from: 'person', text, media } : { at: now, from: 'person', text },
    );
  }
  const said: TranscriptEntry[] = [];
  for (const e of effects) {
    if (e.type === 'template') {
      said.push({ at: now, from: 'agent', text: `[template ${e.name}]`, agent: e.agent });
    }
    if (e.type === 'sms')
      said.push({ at: now, from: 'agent', text: `[SMS] ${e.text}`, agent: e.agent });
    if (e.type !== 'reply') continue;
    const text = [e.reply.notice, e.reply.text].filter(Boolean).join('\n');
    said.push(
      e.agent ? { at: now, from: 'agent', text, agent: e.agent } : { at: now, from: 'bot', text },
    );
  }
  const [only] = said;
  if (only && said.length === 1 && sends.length) only.out = sends.map((s) => s.id);
  lines.push(...said);
  if (!lines.length) return handoff;
  const clipped = lines.map((l) => ({ ...l, text: l.text.slice(0, LINE_LIMIT) }));
  return { ...handoff, transcript: [...handoff.transcript, ...clipped].slice(-TRANSCRIPT_LIMIT) };
}

/**
 * A stored record from another machine version starts over rather than restoring badly, and so
 * does what is left of an erased conversation: the person starts again as new.
 */
function restore(record: ConversationRecord | null) {
  if (record && record.mv === MACHINE_VERSION && record.state !== ERASED) {
    return conversationMachine.resolveState({ value: record.state, context: record.ctx });
  }
  return INITIAL;
}

/**
 * The machine's starting snapshot, computed once: most messages at a busy hour open new
 * conversations, and the initial transition was a tenth of a step. XState never changes a
 * snapshot in place; the context is frozen so that nothing else does either.
 */
const INITIAL = initialTransition(conversationMachine)[0];
deepFreeze(INITIAL.context);

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const inner of Object.values(value)) deepFreeze(inner);
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

/**
 * The replies of a step as outbox items. `paged`: the conversation is where "0" brings the next
 * part of a long SMS; anywhere else (with the hotline, say) nothing could ask for it, so every
 * part goes out at once.
 */
function replies(
  effects: readonly Effect[],
  { channel, lng, paged }: { channel: ChannelId; lng: string; paged: boolean },
  inReplyTo: string | undefined,
  ctx: StepContext,
): OutboxItem[] {
  const labels = labelsFor(ctx.content, lng);
  const target = { surface: surfaceOf(channel), gsm7: channel === 'sms', paged };
  return mergeReplies(effects.flatMap((e) => (e.type === 'reply' ? [e.reply] : [])))
    .flatMap((reply) => render(reply, target, labels))
    .map((message) => ({
      id: ctx.newId(),
      ...(inReplyTo ? { inReplyTo } : {}),
      message,
      attempts: 0,
      dueAt: ctx.dueAt ?? ctx.now,
    }));
}

/**
 * The renderers' own words, one object per content and language: its `part` function is what
 * the SMS renderer keys its cache of split replies on (see sms-pages.ts).
 */
const labelCache = derivedPer<Content, RenderLabels>();
const labelsFor = (content: Content, lng: string): RenderLabels =>
  labelCache(content, lng, () => ({
    choose: content.t(lng, 'common:nav.choose'),
    more: content.t(lng, 'common:nav.more'),
    part: (n, total) => content.t(lng, 'common:nav.part', { n, total }),
  }));

/** A worker's reply by SMS: plain text in GSM-7, whatever the conversation's channel. */
function bySms(effects: readonly Effect[], ctx: StepContext): OutboxItem[] {
  return effects.flatMap((e) =>
    e.type === 'sms'
      ? [
          {
            id: ctx.newId(),
            message: { kind: 'text' as const, text: toGsm7(e.text) },
            attempts: 0,
            dueAt: ctx.dueAt ?? ctx.now,
            sms: true as const,
          },
        ]
      : [],
  );
}

/** A worker's template goes out as it is: nothing to render. */
function templates(effects: readonly Effect[], ctx: StepContext): OutboxItem[] {
  return effects.flatMap((e) =>
    e.type === 'template'
      ? [
          {
            id: ctx.newId(),
            message: { kind: 'template' as const, name: e.name, language: e.language },
            attempts: 0,
            dueAt: ctx.dueAt ?? ctx.now,
          },
        ]
      : [],
  );
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
