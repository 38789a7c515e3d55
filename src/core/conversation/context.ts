import type { Position } from '../flows/interpret';

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
}

export const emptyContext = (): ConversationContext => ({ lng: null, pos: null, hist: [] });
