import { type AnyActorScope, createActor, type ExecutableActionObject } from 'xstate';
import type { ConversationEvent } from './events';
import { conversationMachine } from './machine';

type Snapshot = ReturnType<typeof conversationMachine.resolveState>;

/**
 * The conversation machine's next snapshot and the actions it asks for, as XState's pure
 * `transition()` gives them, without its cost: that function builds a new actor for every call,
 * and the actor computes the machine's initial snapshot on construction, a third of a step in
 * the bench profile. The machine has no children, delays or emitted events (machine.ts), so
 * one inert scope, built here once as XState builds its own, serves every call: steps are
 * synchronous, so only one uses it at a time.
 */
const self = createActor(conversationMachine);
let executed: ExecutableActionObject[] = [];
const scope: AnyActorScope = {
  self,
  id: '',
  sessionId: '',
  system: self.system,
  logger: () => {},
  defer: () => {},
  emit: () => {},
  stopChild: () => {},
  actionExecutor: (action) => {
    executed.push(action);
  },
};

export function transitionConversation(
  snapshot: Snapshot,
  event: ConversationEvent,
): [Snapshot, ExecutableActionObject[]] {
  executed = [];
  const next = conversationMachine.transition(snapshot, event, scope);
  return [next, executed];
}
