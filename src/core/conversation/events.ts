import type { Command, Content } from '../flows/content';
import type { MediaKind } from '../messages';

/** An inbound message after the step has classified it. */
export type Input =
  | { kind: 'command'; command: Command }
  | { kind: 'text'; text: string }
  | { kind: 'choice'; id: string }
  | { kind: 'location'; latitude: number; longitude: number }
  | { kind: 'media'; media: MediaKind | 'unsupported' };

/** The content travels with the event: the machine stays a pure function of its inputs. */
export interface InputEvent {
  type: 'input';
  input: Input;
  content: Content;
}

export type ConversationEvent = InputEvent;
