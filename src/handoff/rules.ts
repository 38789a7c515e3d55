import {
  type AgentAction,
  type Handoff,
  sendsToPerson,
  severityRank,
} from '../core/conversation/handoff';
import { type ConversationRecord, OPTED_OUT } from '../core/record';

/** Why a worker's action was refused; stable codes the console turns into words. */
export type RefusalCode =
  | 'not_found'
  | 'not_in_handoff'
  | 'claimed_by_other'
  | 'not_claimed'
  | 'opted_out';

/**
 * Who may do what to an escalation. Claiming takes a waiting one, or one already yours; replying
 * and closing need it to be yours; a transfer hands yours to a colleague; anyone on the hotline
 * may leave a note. `override` lets supervisors claim, transfer or close any escalation (the
 * console decides who is one); to send they take it first, like anyone. Nothing is
 * sent to a person who sent STOP, whoever asks: the escalation stays for reading, notes and
 * closing until they send START.
 */
export function refusal(
  record: Pick<ConversationRecord, 'state' | 'ctx'>,
  action: AgentAction,
  override = false,
): RefusalCode | null {
  const handoff = record.ctx.handoff;
  if (!handoff) return 'not_in_handoff';
  if (record.state === OPTED_OUT && sendsToPerson(action)) return 'opted_out';
  if (action.kind === 'note') return null;
  // A supervisor may take over, hand on or close a colleague's conversation, but speaks to the
  // person only once it is theirs: never two workers talking to one person unawares.
  if (override && !sendsToPerson(action)) return null;
  const holder = handoff.agent;
  if (action.kind === 'claim') return holder && holder !== action.agent ? 'claimed_by_other' : null;
  if (!holder) return 'not_claimed';
  return holder === action.agent ? null : 'claimed_by_other';
}

/** The queue order: most severe first, then who has waited longest. */
export function byUrgency(a: ConversationRecord, b: ConversationRecord): number {
  const ha = a.ctx.handoff as Handoff;
  const hb = b.ctx.handoff as Handoff;
  return severityRank(hb.severity) - severityRank(ha.severity) || ha.openedAt - hb.openedAt;
}

/** WhatsApp accepts free-form messages for 24 hours after the person last wrote. */
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Whether a worker's free-form reply can reach the person now (only WhatsApp has a window). */
export function windowOpen(record: ConversationRecord, now: number): boolean {
  if (record.channel !== 'whatsapp') return true;
  return record.lastInboundAt !== undefined && now - record.lastInboundAt < WHATSAPP_WINDOW_MS;
}
