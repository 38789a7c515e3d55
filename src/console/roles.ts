import type { Role } from '../store/staff';

/**
 * Who may do what, denied unless listed (OWASP: least privilege, deny by default). Agents work
 * the queue; supervisors also act on colleagues' conversations, reveal numbers and read the
 * audit log and the reports; admins manage accounts and read the audit log and the reports, and see no conversation: an
 * organisation that wants one person to do both gives them two accounts.
 */
export type Permission =
  | 'queue' // see the queue and read escalated conversations
  | 'act' // claim, reply, note, transfer and close
  | 'override' // take over, transfer or close a colleague's conversation (not speak in it)
  | 'reveal' // see a person's phone number (audited)
  | 'audit' // read the audit log
  | 'accounts' // add, disable and reset staff accounts
  | 'reports' // read the counts (no conversation, no person)
  | 'simulator'; // talk to the bot as a person would

const GRANTS: Record<Role, readonly Permission[]> = {
  agent: ['queue', 'act', 'simulator'],
  supervisor: ['queue', 'act', 'override', 'reveal', 'audit', 'reports', 'simulator'],
  admin: ['audit', 'accounts', 'reports', 'simulator'],
};

export const can = (role: Role, permission: Permission): boolean =>
  GRANTS[role].includes(permission);
