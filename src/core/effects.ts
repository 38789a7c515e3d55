import type { Outcome } from './conversation/handoff';
import type { DistressCategory, Severity } from './distress';
import type { Problem } from './flows/interpret';
import type { ReplyView } from './messages';

/**
 * What the core asks the shell to do. The core never performs I/O: the machine enqueues these
 * values, `step` turns replies into outbox entries, and the runtime performs the rest after the
 * record is saved.
 */
export type Effect =
  /** A reply to the person; `agent` names the hotline worker who wrote it, if one did. */
  | { type: 'reply'; reply: ReplyView; agent?: string }
  /** An approved WhatsApp template from a hotline worker (outside the 24-hour window). */
  | { type: 'template'; name: string; language: string; agent: string }
  /** A worker's reply sent by SMS instead of the conversation's channel. */
  | { type: 'sms'; text: string; agent: string }
  /** A content problem met while answering (a missing node, a loop); logged, never shown. */
  | { type: 'problem'; problem: Problem }
  /** An escalation entered the hotline queue, or became more urgent. */
  | { type: 'handoff.opened'; id: string; category: DistressCategory; severity: Severity }
  | { type: 'handoff.updated'; id: string; category: DistressCategory; severity: Severity }
  | { type: 'handoff.closed'; id: string; outcome: Outcome }
  /**
   * The person confirmed erasure: `step` already keeps nothing but the last reply; the shell
   * removes everything else under the key. `handoff` names an escalation that was open, so
   * the hotline can be told it was erased (an id, never content).
   */
  | { type: 'erase'; handoff?: string };

/** The effects the shell performs itself; replies and templates travel through the outbox. */
export type ShellEffect = Exclude<Effect, { type: 'reply' | 'template' | 'sms' }>;

export const isShellEffect = (e: Effect): e is ShellEffect =>
  e.type !== 'reply' && e.type !== 'template' && e.type !== 'sms';
