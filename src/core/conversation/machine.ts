import { and, assign, setup } from 'xstate';
import type { Effect } from '../effects';
import { type ConversationContext, emptyContext } from './context';
import type { ConversationEvent, InputEvent } from './events';
import {
  askLanguage,
  cannotRead,
  chooseLanguage,
  help,
  navigate,
  nextPart,
  optOut,
  pickedLanguage,
  resume,
  startInLanguage,
  type Turn,
} from './turns';
import { detectLanguage } from '../search/detect';

/**
 * Bump when a change makes stored snapshots incompatible (a renamed state, a changed context
 * shape); `step` then restarts old records at the language choice instead of restoring them.
 */
export const MACHINE_VERSION = 1;

/**
 * The conversation lifecycle. Content (menus, answers) is data run by the flow interpreter from
 * the `inFlow` state; this machine only knows where in the lifecycle a person is:
 *
 *   new -> choosingLanguage -> inFlow  (<- "language" from anywhere in inFlow)
 *   new -> inFlow                      (a first message clearly in one language)
 *   any state --STOP--> optedOut --START--> inFlow (or choosingLanguage before a language)
 *
 * Handoff to a hotline worker and erasure are further states alongside `inFlow`.
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
    picksLanguage: ({ event }) => pickedLanguage(event.content, event.input) !== undefined,
    writesInLanguage: ({ event }) => detectedLanguage(event) !== undefined,
    isCommand: ({ event }, command: string) =>
      event.input.kind === 'command' && event.input.command === command,
    isUnreadable: ({ event }) => event.input.kind === 'media' || event.input.kind === 'location',
    hasLanguage: ({ context }) => context.lng !== null,
  },
});

/** An action that runs a turn and enqueues its context patch and effects. */
const run = (turn: (event: InputEvent, context: ConversationContext) => Turn) =>
  base.enqueueActions(({ enqueue, event, context }) => {
    const { patch, effects } = turn(event, context);
    if (Object.keys(patch).length) enqueue.assign(patch);
    for (const params of effects) enqueue({ type: 'effect', params });
  });

/** The language a typed first message is clearly in (see search/detect). */
const detectedLanguage = (e: InputEvent) =>
  e.input.kind === 'text' ? detectLanguage(e.content.lexicon, e.input.text) : undefined;

const askLanguageAction = run((e) => askLanguage(e.content));
const startInLanguageAction = run((e, c) => {
  const text = e.input.kind === 'text' ? e.input.text : '';
  return startInLanguage(e.content, c, detectedLanguage(e) as string, text);
});
const chooseLanguageAction = run((e, c) =>
  chooseLanguage(e.content, c, pickedLanguage(e.content, e.input) as string),
);

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

export const conversationMachine = base.createMachine({
  id: 'conversation',
  context: emptyContext,
  initial: 'new',
  states: {
    new: {
      on: {
        input: [
          stop,
          { guard: 'picksLanguage', target: 'inFlow', actions: chooseLanguageAction },
          { guard: 'writesInLanguage', target: 'inFlow', actions: startInLanguageAction },
          { target: 'choosingLanguage', actions: askLanguageAction },
        ],
      },
    },
    choosingLanguage: {
      on: {
        input: [
          stop,
          { guard: 'picksLanguage', target: 'inFlow', actions: chooseLanguageAction },
          { guard: 'writesInLanguage', target: 'inFlow', actions: startInLanguageAction },
          { actions: askLanguageAction },
        ],
      },
    },
    inFlow: {
      on: {
        input: [
          stop,
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
          { actions: run((e, c) => navigate(e.content, c, e.input)) },
        ],
      },
    },
    /**
     * The person sent STOP. Nothing is said, whatever they send, until START: no transition
     * matches, so no effect is enqueued. The runtime also drops queued replies for a record in
     * this state (see `mayReceive` in record.ts), so hotline replies and retries respect it too.
     */
    optedOut: {
      on: {
        input: [
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
      },
    },
  },
});
