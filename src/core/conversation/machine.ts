import { and, assign, setup } from 'xstate';
import type { Effect } from '../effects';
import { detectLanguage } from '../search/detect';
import { type ConversationContext, emptyContext } from './context';
import type { AgentEvent, ConversationEvent, InputEvent } from './events';
import { sendsToPerson } from './handoff';
import {
  agentTurn,
  answerTo,
  closeHandoff,
  closeUnheard,
  decline,
  escalate,
  languageOf,
  offerHelp,
  resumeWithHotline,
  whileHandedOff,
} from './handoff-turns';
import {
  askErase,
  cancelErase,
  confirmsErase,
  erase,
  phoneSafe,
  showPrivacy,
  withPrivacyNotice,
} from './privacy-turns';
import {
  askLanguage,
  cannotRead,
  chooseLanguage,
  help,
  navigate,
  nearby,
  nextPart,
  optOut,
  pickedLanguage,
  resume,
  startInLanguage,
  type Turn,
} from './turns';

/**
 * Bump when a change makes stored snapshots incompatible (a renamed state, a changed context
 * shape); `step` then restarts old records at the language choice instead of restoring them.
 */
export const MACHINE_VERSION = 2;

/**
 * The conversation lifecycle. Content (menus, answers) is data run by the flow interpreter from
 * the `inFlow` state; this machine only knows where in the lifecycle a person is:
 *
 *   new -> choosingLanguage -> inFlow  (<- "language" from anywhere in inFlow)
 *   new -> inFlow                      (a first message clearly in one language)
 *   any state --STOP--> optedOut --START--> inFlow (or choosingLanguage before a language,
 *                                           or handoff while an escalation is open)
 *   new | choosingLanguage | inFlow --danger--> handoff --worker closes--> inFlow
 *   new | choosingLanguage | inFlow --worry--> offeringHelp --yes--> handoff, --no--> inFlow
 *   any state but optedOut --DELETE--> erasing --yes--> erased (step keeps nothing)
 *                                              --else--> back (handoff, inFlow or the language)
 *
 * Two privacy words work in every state but optedOut, before distress detection: PRIVACY
 * shows the privacy notice again, and the phone-safety word gets a neutral line and leaves the
 * topic (privacy-turns.ts).
 * Distress detection runs on every message before anything else (see step.ts); the machine only
 * decides what it leads to.
 * Actions only assign and enqueue `effect` values; `step` collects them through XState's pure
 * `transition()`, so nothing here performs I/O, reads a clock or keeps timers.
 */
const base = setup({
  types: {
    context: {} as ConversationContext,
    events: {} as ConversationEvent,
  },
  actions: {
    /** A marker collected by `step`; executing it does nothing. */
    effect: (_, _params: Effect) => {},
    forgetLanguage: assign({ lng: null }),
  },
  guards: {
    picksLanguage: ({ event }) =>
      input(event, (e) => pickedLanguage(e.content, e.input) !== undefined),
    writesInLanguage: ({ event }) => input(event, (e) => detectedLanguage(e) !== undefined),
    isCommand: ({ event }, command: string) =>
      input(event, (e) => e.input.kind === 'command' && e.input.command === command),
    isUnreadable: ({ event }) => input(event, (e) => e.input.kind === 'media'),
    isLocation: ({ event }) => input(event, (e) => e.input.kind === 'location'),
    hasLanguage: ({ context }) => context.lng !== null,
    /** Danger, or a plain request for a person: escalate without asking. */
    isUrgent: ({ event }) =>
      input(
        event,
        (e) => e.detection?.severity === 'high' || e.detection?.category === 'human_request',
      ),
    /** Worrying but not urgent: ask once. */
    isWorrying: ({ event }) => input(event, (e) => e.detection?.severity === 'medium'),
    saysYes: ({ event, context }) => input(event, (e) => answerTo(e, context) === 'yes'),
    saysNo: ({ event, context }) => input(event, (e) => answerTo(e, context) === 'no'),
    closes: ({ event }) => event.type === 'agent' && event.action.kind === 'close',
    sendsToPerson: ({ event }) => event.type === 'agent' && sendsToPerson(event.action),
    hasHandoff: ({ context }) => context.handoff !== undefined,
    confirmsErase: ({ event, context }) => input(event, (e) => confirmsErase(e, context)),
  },
});

/** A guard over a person's message; false for anything else (a worker's action). */
function input(event: ConversationEvent, test: (e: InputEvent) => boolean): boolean {
  return event.type === 'input' && test(event);
}

/** An action that runs a turn and enqueues its context patch and effects. */
const turn = <E extends ConversationEvent>(
  type: E['type'],
  fn: (event: E, context: ConversationContext) => Turn,
) =>
  base.enqueueActions(({ enqueue, event, context }) => {
    if (event.type !== type) return;
    const { patch, effects } = fn(event as E, context);
    if (Object.keys(patch).length) enqueue.assign(patch);
    for (const params of effects) enqueue({ type: 'effect', params });
  });
const run = (fn: (event: InputEvent, context: ConversationContext) => Turn) => turn('input', fn);

/** The language a typed first message is clearly in (see search/detect). */
const detectedLanguage = (e: InputEvent) =>
  e.input.kind === 'text' ? detectLanguage(e.content.lexicon, e.input.text) : undefined;

const askLanguageAction = run((e) => askLanguage(e.content));
const startInLanguageAction = run((e, c) => {
  const text = e.input.kind === 'text' ? e.input.text : '';
  const lng = detectedLanguage(e) as string;
  return withPrivacyNotice(e, c, lng, startInLanguage(e.content, c, lng, text));
});
const chooseLanguageAction = run((e, c) => {
  const lng = pickedLanguage(e.content, e.input) as string;
  return withPrivacyNotice(e, c, lng, chooseLanguage(e.content, c, lng));
});

/**
 * STOP (ARRET, FIN…) wins over everything else in every state: one confirmation, then silence.
 * Listed first in each state rather than once at the root, because a state's own unguarded
 * fallback would otherwise take the event before it bubbles up.
 */
const stop = {
  guard: { type: 'isCommand', params: 'stop' },
  target: '#conversation.optedOut',
  actions: run((e, c) => optOut(e.content, c)),
} as const;

const isSafe = { type: 'isCommand', params: 'safe' } as const;

/**
 * The privacy words, right after STOP in every state that answers, before distress detection
 * so that neither can escalate: the phone-safety word, PRIVACY (`showScreen`: whether the state
 * shows menus) and DELETE, which asks before erasing.
 */
const privacy = (showScreen: boolean, target?: '#conversation.inFlow') =>
  [
    { guard: isSafe, target, actions: run(phoneSafe) },
    {
      guard: { type: 'isCommand', params: 'privacy' },
      target,
      actions: run((e, c) => showPrivacy(e, c, showScreen)),
    },
    {
      guard: { type: 'isCommand', params: 'erase' },
      target: '#conversation.erasing',
      actions: run((e, c) => askErase(e.content, languageOf(e.content, c))),
    },
  ] as const;

/** A worker's action while the hotline has the conversation; closing hands it back to the bot. */
const agentActions = [
  {
    guard: 'closes',
    target: '#conversation.inFlow',
    actions: turn<AgentEvent>('agent', (e, c) =>
      withPrivacyNotice(e, c, c.lng ?? e.content.languages[0]!.code, closeHandoff(e, c)),
    ),
  },
  { actions: turn<AgentEvent>('agent', agentTurn) },
] as const;

/** What distress leads to, checked right after STOP in every state that answers. */
const distress = [
  {
    guard: 'isUrgent',
    target: '#conversation.handoff',
    actions: run((e, c) => escalate(e, c, e.detection!)),
  },
  {
    guard: 'isWorrying',
    target: '#conversation.offeringHelp',
    actions: run((e, c) => offerHelp(e, c, e.detection!)),
  },
] as const;

/** Until a language is known: pick one, write in one, or be asked (again). */
const beforeLanguage = [
  stop,
  ...privacy(true),
  ...distress,
  { guard: 'picksLanguage', target: 'inFlow', actions: chooseLanguageAction },
  { guard: 'writesInLanguage', target: 'inFlow', actions: startInLanguageAction },
  { target: 'choosingLanguage', actions: askLanguageAction },
] as const;

export const conversationMachine = base.createMachine({
  id: 'conversation',
  context: emptyContext,
  initial: 'new',
  states: {
    new: { on: { input: beforeLanguage } },
    choosingLanguage: { on: { input: beforeLanguage } },
    inFlow: {
      on: {
        input: [
          stop,
          ...privacy(true),
          ...distress,
          {
            guard: { type: 'isCommand', params: 'language' },
            target: 'choosingLanguage',
            actions: ['forgetLanguage', askLanguageAction],
          },
          {
            guard: { type: 'isCommand', params: 'help' },
            actions: run((e, c) => help(e.content, c)),
          },
          {
            guard: { type: 'isCommand', params: 'more' },
            actions: run((e, c) => nextPart(e.content, c)),
          },
          { guard: 'isUnreadable', actions: run((e, c) => cannotRead(e.content, c)) },
          {
            guard: 'isLocation',
            actions: run((e, c) =>
              e.input.kind === 'location'
                ? nearby(e.content, c, e.input.latitude, e.input.longitude)
                : cannotRead(e.content, c),
            ),
          },
          { actions: run((e, c) => navigate(e.content, c, e.input)) },
        ],
      },
    },
    /**
     * Asked once whether they want a person now. Yes opens the escalation with what prompted
     * the question; no says the offer stands; anything else goes on as the person chose.
     */
    offeringHelp: {
      on: {
        input: [
          stop,
          ...privacy(true, '#conversation.inFlow'),
          {
            guard: 'isUrgent',
            target: 'handoff',
            actions: run((e, c) => escalate(e, c, e.detection!, c.asked?.text)),
          },
          {
            guard: 'saysYes',
            target: 'handoff',
            actions: run((e, c) => escalate(e, c, c.asked!, c.asked?.text)),
          },
          { guard: 'saysNo', target: 'inFlow', actions: run(decline) },
          {
            target: 'inFlow',
            actions: [
              assign({ asked: undefined }),
              run((e, c) =>
                navigate(e.content, { ...c, lng: c.lng ?? e.content.languages[0]!.code }, e.input),
              ),
            ],
          },
        ],
      },
    },
    /**
     * A hotline worker has, or will soon have, the conversation: the bot no longer answers
     * menus; it keeps every message for the worker and only says, now and then, that help is
     * coming. The worker's close hands the person back to the bot.
     */
    handoff: {
      on: {
        input: [stop, ...privacy(false), { actions: run(whileHandedOff) }],
        agent: agentActions,
      },
    },
    /**
     * Asked whether to erase everything. Only a clear yes erases; anything else goes back to
     * where the person was. An open escalation stays open meanwhile: the hotline keeps reading
     * and acting, and danger in the answer lifts it as in `handoff`. Without one, a distress
     * answer is handled as in any state.
     */
    erasing: {
      on: {
        input: [
          stop,
          { guard: 'confirmsErase', target: 'erased', actions: run(erase) },
          // The phone-safety word cancels too, with nothing but its neutral line.
          { guard: and([isSafe, 'hasHandoff']), target: 'handoff', actions: run(phoneSafe) },
          { guard: and([isSafe, 'hasLanguage']), target: 'inFlow', actions: run(phoneSafe) },
          { guard: isSafe, target: 'choosingLanguage', actions: run(phoneSafe) },
          { guard: 'hasHandoff', target: 'handoff', actions: run(cancelErase) },
          ...distress,
          { guard: 'hasLanguage', target: 'inFlow', actions: run(cancelErase) },
          { target: 'choosingLanguage', actions: run(cancelErase) },
        ],
        agent: agentActions,
      },
    },
    /**
     * Erased. Never restored: `step` saves a record with nothing in it but the last reply, and
     * a later message from the same person starts a new conversation (see `restore`).
     */
    erased: { type: 'final' },
    /**
     * The person sent STOP. Nothing is said, whatever they send, until START: no transition
     * matches, so no effect is enqueued. The runtime also drops queued replies for a record in
     * this state (see `mayReceive` in record.ts), so hotline replies and retries respect it too.
     * An open escalation stays open: workers may still claim, note, transfer and close it
     * (nothing is said), but not send (src/handoff refuses it; here it does nothing). START
     * brings the person back to it.
     */
    optedOut: {
      on: {
        input: [
          {
            guard: and([{ type: 'isCommand', params: 'start' }, 'hasHandoff']),
            target: 'handoff',
            actions: run(resumeWithHotline),
          },
          {
            guard: and([{ type: 'isCommand', params: 'start' }, 'hasLanguage']),
            target: 'inFlow',
            actions: run((e, c) => resume(e.content, c)),
          },
          {
            guard: { type: 'isCommand', params: 'start' },
            target: 'choosingLanguage',
            actions: askLanguageAction,
          },
        ],
        agent: [
          { guard: 'sendsToPerson' },
          { guard: 'closes', actions: turn<AgentEvent>('agent', closeUnheard) },
          { actions: turn<AgentEvent>('agent', agentTurn) },
        ],
      },
    },
  },
});
