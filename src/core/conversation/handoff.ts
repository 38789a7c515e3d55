import type { DistressCategory, Severity } from '../distress';
import type { MediaKind } from '../messages';

/** One line of the conversation as the hotline worker reads it. */
export interface TranscriptEntry {
  at: number;
  from: 'person' | 'bot' | 'agent';
  text: string;
  /** The worker who wrote it, for `agent` entries. */
  agent?: string;
  /** A photo, voice note or other media the person sent, with the provider's id to fetch it. */
  media?: { kind: MediaKind; id?: string };
  /** The outbox ids of the messages this line went out as, so the console can show delivery. */
  out?: string[];
}

export interface Note {
  at: number;
  agent: string;
  text: string;
}

/**
 * An open escalation, kept in the conversation's own record so that it is saved in the same
 * write as the message that caused it: nothing is acknowledged before it is stored.
 */
export interface Handoff {
  id: string;
  category: DistressCategory;
  severity: Severity;
  openedAt: number;
  /** The worker who has claimed it, or null while it waits in the queue. */
  agent: string | null;
  /** When the bot last told the person help is coming (it does not repeat this every message). */
  ackAt: number;
  transcript: TranscriptEntry[];
  notes: Note[];
}

/**
 * An escalation after the worker closed it: what the hotline may still read, kept apart from the
 * conversation (store.archive) for SIRA_TRANSCRIPT_DAYS, and erased with it on request.
 */
export interface ClosedHandoff extends Handoff {
  closedAt: number;
  outcome: Outcome;
}

export type Outcome = 'referred' | 'resolved' | 'no_answer' | 'released' | 'other';
export const OUTCOMES: readonly Outcome[] = [
  'referred',
  'resolved',
  'no_answer',
  'released',
  'other',
];

/** What a hotline worker can do to a conversation (src/handoff checks who may do it). */
export type AgentAction =
  | { kind: 'claim'; agent: string }
  | { kind: 'reply'; agent: string; text: string }
  /** Outside WhatsApp's 24-hour window: an approved template inviting the person to write. */
  | { kind: 'reengage'; agent: string; template: { name: string; language: string } }
  /** A reply by SMS to a WhatsApp number once the 24-hour window has closed (if allowed). */
  | { kind: 'sms'; agent: string; text: string }
  | { kind: 'note'; agent: string; text: string }
  | { kind: 'transfer'; agent: string; to: string }
  | { kind: 'close'; agent: string; outcome: Outcome };

/** Whether an action sends the person something (never while they have opted out). */
export const sendsToPerson = (action: AgentAction): boolean =>
  action.kind === 'reply' || action.kind === 'sms' || action.kind === 'reengage';

/** Severity order for the queue and for upgrades: a higher rank is more urgent. */
export const severityRank = (s: Severity): number => (s === 'high' ? 2 : 1);
