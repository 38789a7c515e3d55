import type { DistressCategory, Severity } from '../distress';
import type { Position } from '../flows/interpret';
import type { Handoff } from './handoff';

/** What the machine remembers between messages; persisted, so keep it small. */
export interface ConversationContext {
  /** The chosen language, or null before the person has chosen. */
  lng: string | null;
  pos: Position | null;
  /** Positions for "back" as `flow.node`, most recent last. */
  hist: string[];
  /** Search results just offered as numbered choices (`flow.node`), so a digit can pick one. */
  offer?: string[];
  /**
   * The part of the current screen last sent, when a long SMS answer is sent in parts. The
   * parts are rendered again from the position on "0": text is never stored.
   */
  part?: number;
  /**
   * The person was asked once whether they want to talk to someone now (a medium-severity
   * message): what prompted the question, so a "yes" opens the escalation with it.
   */
  asked?: { category: DistressCategory; severity: Severity; text: string | null };
  /** The open escalation while a hotline worker has (or will have) the conversation. */
  handoff?: Handoff;
  /** The version of the privacy notice the person was shown (privacy-turns.ts), once shown. */
  notice?: number;
}

export const emptyContext = (): ConversationContext => ({ lng: null, pos: null, hist: [] });
