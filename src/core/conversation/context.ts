import type { Position } from '../flows/interpret';

/** What the machine remembers between messages; persisted, so keep it small. */
export interface ConversationContext {
  /** The chosen language, or null before the person has chosen. */
  lng: string | null;
  pos: Position | null;
  /** Positions for "back" as `flow.node`, most recent last. */
  hist: string[];
}

export const emptyContext = (): ConversationContext => ({ lng: null, pos: null, hist: [] });
