import type { AuditEntry, StaffAccount, StaffSession, StaffStore } from './staff';

export interface MemoryStaffStoreOptions {
  now?: () => number;
  /** The audit log keeps at most this many entries, dropping the oldest. */
  maxAudit?: number;
}

/** Sessions and failed-login counters kept at most. */
const MAX_SESSIONS = 10_000;

/** The staff store for tests and local runs: lost on exit, bounded in size. */
export function createMemoryStaffStore(options: MemoryStaffStoreOptions = {}): StaffStore {
  const now = options.now ?? Date.now;
  const maxAudit = options.maxAudit ?? 10_000;
  const accounts = new Map<string, string>();
  const sessions = new Map<string, StaffSession>();
  const failures = new Map<string, { count: number; until: number }>();
  const log: AuditEntry[] = [];
  const copy = <T>(value: T): T => structuredClone(value);

  return {
    kind: 'memory',
    async account(username) {
      const json = accounts.get(username);
      return json ? (JSON.parse(json) as StaffAccount) : null;
    },
    async accounts() {
      return [...accounts.keys()].sort().map((u) => JSON.parse(accounts.get(u) as string));
    },
    async putAccount(account) {
      accounts.set(account.username, JSON.stringify(account));
    },
    async session(id) {
      const session = sessions.get(id);
      if (!session || session.expiresAt <= now()) return null;
      return copy(session);
    },
    async putSession(session) {
      const at = now();
      for (const [id, s] of sessions) if (s.expiresAt <= at) sessions.delete(id);
      sessions.delete(session.id);
      sessions.set(session.id, copy(session));
      if (sessions.size > MAX_SESSIONS) sessions.delete(sessions.keys().next().value as string);
    },
    async deleteSession(id) {
      sessions.delete(id);
    },
    async addFailure(username, windowMs) {
      const at = now();
      const held = failures.get(username);
      const next =
        held && held.until > at
          ? { count: held.count + 1, until: held.until }
          : { count: 1, until: at + windowMs };
      failures.delete(username);
      failures.set(username, next);
      // Bounded: a flood of made-up usernames pushes out the oldest counters, not the memory.
      if (failures.size > MAX_SESSIONS) failures.delete(failures.keys().next().value as string);
      return next.count;
    },
    async clearFailures(username) {
      failures.delete(username);
    },
    async audit(entry) {
      log.push(copy(entry));
      if (log.length > maxAudit) log.splice(0, log.length - maxAudit);
    },
    async auditLog(limit) {
      return log.slice(-limit).reverse().map(copy);
    },
    async close() {},
  };
}
