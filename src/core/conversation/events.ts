import type { Detection } from '../distress';
import type { Command, Content } from '../flows/content';
import type { MediaKind } from '../messages';
import type { AgentAction } from './handoff';

/** An inbound message after the step has classified it. */
export type Input =
  | { kind: 'command'; command: Command }
  | { kind: 'text'; text: string }
  | { kind: 'choice'; id: string }
  | { kind: 'location'; latitude: number; longitude: number }
  | { kind: 'media'; media: MediaKind | 'unsupported' };

/** Whether the hotline is staffed now, and if not when it next is (ms since the epoch). */
export interface HotlineStatus {
  open: boolean;
  opensAt?: number;
}

/** How long the deployment keeps things, in whole days: what the privacy notice tells people. */
export interface Retention {
  conversationDays: number;
  transcriptDays: number;
}

/**
 * What every event carries besides its payload: the content, the time, an id source, the
 * hotline's hours and the retention. They travel with the event so the machine stays a pure
 * function of it.
 */
interface TurnEnv {
  content: Content;
  now: number;
  newId: () => string;
  hotline: HotlineStatus;
  keep: Retention;
}

/** A message from the person, with what distress detection found in it (null: nothing). */
export interface InputEvent extends TurnEnv {
  type: 'input';
  input: Input;
  /** The text as sent, for the hotline's transcript; never logged. */
  text: string | null;
  detection: Detection | null;
}

/** Something a hotline worker did through src/handoff. */
export interface AgentEvent extends TurnEnv {
  type: 'agent';
  action: AgentAction;
}

export type ConversationEvent = InputEvent | AgentEvent;
