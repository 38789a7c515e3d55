import type { Problem } from './flows/interpret';
import type { ReplyView } from './messages';

/**
 * What the core asks the shell to do. The core never performs I/O: the machine enqueues these
 * values, `step` turns replies into outbox entries, and the runtime performs the rest after the
 * record is saved.
 */
export type Effect =
  | { type: 'reply'; reply: ReplyView }
  /** A content problem met while answering (a missing node, a loop); logged, never shown. */
  | { type: 'problem'; problem: Problem };

/** The effects the shell performs itself; replies travel through the record's outbox. */
export type ShellEffect = Exclude<Effect, { type: 'reply' }>;
