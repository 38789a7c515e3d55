import type { StoreKind } from './store';
/**
 * What the staff console keeps: accounts, sessions, failed-login counters and the audit log.
 * Separate from the ConversationStore because its data lives by other rules (accounts never
 * expire, the audit log is append-only) and because the `npm run staff` command must be able to
 * write it while the server runs. Memory, SQLite, Redis and Durable Objects pass one contract
 * suite (test/contracts/staff.contract.ts).
 */

export type Role = 'agent' | 'supervisor' | 'admin';
export const ROLES: readonly Role[] = ['agent', 'supervisor', 'admin'];

export interface StaffAccount {
  username: string;
  role: Role;
  /** The password's hash with its algorithm and cost (console/password.ts), never the password. */
  password: string;
  disabled: boolean;
  /** Raised by a password reset or a disable: sessions opened before it no longer count. */
  epoch: number;
  createdAt: number;
}

export interface StaffSession {
  /** SHA-256 of the cookie's value: whoever reads the store cannot replay it as a cookie. */
  id: string;
  username: string;
  /** The account's epoch when the session opened. */
  epoch: number;
  /** The token every form of this session carries (the synchronizer token against CSRF). */
  csrf: string;
  createdAt: number;
  /** Last request; the idle timeout counts from here. */
  seenAt: number;
  /** The absolute end of the session; the store forgets it then. */
  expiresAt: number;
}

/** Who did what to which conversation or account, and when. Never a number or a message. */
export interface AuditEntry {
  at: number;
  /** The staff username, or what was typed at a failed login (truncated). */
  actor: string;
  action: string;
  /** A conversation's pseudonymous key, or a username. */
  target?: string;
  /** A code: an outcome, a refusal, a colleague's username. */
  detail?: string;
}

/** The audit log keeps this many entries where a store bounds it, the oldest going first. */
export const STAFF_AUDIT_MAX = 100_000;

export interface StaffStore {
  readonly kind: StoreKind;
  account(username: string): Promise<StaffAccount | null>;
  /** Every account, by username. */
  accounts(): Promise<StaffAccount[]>;
  /** Create or replace an account. */
  putAccount(account: StaffAccount): Promise<void>;
  /** A session that has not reached its `expiresAt`, or null. */
  session(id: string): Promise<StaffSession | null>;
  putSession(session: StaffSession): Promise<void>;
  deleteSession(id: string): Promise<void>;
  /**
   * Count one failed login for `username` and return the count. The count lapses `windowMs`
   * after the first failure it holds, which is also how long a locked account stays locked.
   */
  addFailure(username: string, windowMs: number): Promise<number>;
  clearFailures(username: string): Promise<void>;
  /** Append to the audit log. */
  audit(entry: AuditEntry): Promise<void>;
  /** The latest audit entries, newest first. */
  auditLog(limit: number): Promise<AuditEntry[]>;
  close(): Promise<void>;
}
