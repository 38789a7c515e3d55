import { call, connect, type RedisStoreOptions } from './redis';
import {
  type AuditEntry,
  STAFF_AUDIT_MAX,
  type StaffAccount,
  type StaffSession,
  type StaffStore,
} from './staff';

/**
 * The staff store for instances sharing Redis, under `<prefix>staff:`:
 *
 * | key            | type   | holds                                   | expiry                  |
 * |----------------|--------|-----------------------------------------|-------------------------|
 * | `a:<username>` | string | an account's JSON                       | none                    |
 * | `accounts`     | set    | every username                          | none                    |
 * | `s:<id>`       | string | a session's JSON (id = hash of cookie)  | the session's end       |
 * | `f:<username>` | string | failed logins in the current window     | the window's end        |
 * | `audit`        | list   | audit entries, newest first             | none (trimmed)          |
 */
export async function createRedisStaffStore(options: RedisStoreOptions): Promise<StaffStore> {
  const { client, close } = await connect(options);
  const p = `${options.prefix}staff:`;
  const k = {
    account: (username: string) => `${p}a:${username}`,
    accounts: `${p}accounts`,
    session: (id: string) => `${p}s:${id}`,
    failures: (username: string) => `${p}f:${username}`,
    audit: `${p}audit`,
  };
  const parse = <T>(json: string | null): T | null => (json ? (JSON.parse(json) as T) : null);

  return {
    kind: 'redis',
    async account(username) {
      return parse<StaffAccount>(await call('account', () => client().get(k.account(username))));
    },
    async accounts() {
      const names = (await call('accounts', () => client().sMembers(k.accounts))).sort();
      if (!names.length) return [];
      const json = await call('accounts', () => client().mGet(names.map(k.account)));
      return json.flatMap((j) => (j ? [JSON.parse(j) as StaffAccount] : []));
    },
    async putAccount(account) {
      await call('putAccount', () =>
        client()
          .multi()
          .set(k.account(account.username), JSON.stringify(account))
          .sAdd(k.accounts, account.username)
          .exec(),
      );
    },
    async session(id) {
      return parse<StaffSession>(await call('session', () => client().get(k.session(id))));
    },
    async putSession(session) {
      await call('putSession', () =>
        client().set(k.session(session.id), JSON.stringify(session), {
          expiration: { type: 'PXAT', value: session.expiresAt },
        }),
      );
    },
    async deleteSession(id) {
      await call('deleteSession', () => client().del(k.session(id)));
    },
    async addFailure(username, windowMs) {
      // INCR then PEXPIRE NX: the first failure starts the window, later ones do not move it.
      const [count] = await call('addFailure', () =>
        client()
          .multi()
          .incr(k.failures(username))
          .pExpire(k.failures(username), windowMs, 'NX')
          .exec(),
      );
      return Number(count);
    },
    async clearFailures(username) {
      await call('clearFailures', () => client().del(k.failures(username)));
    },
    async audit(entry: AuditEntry) {
      await call('audit', () =>
        client()
          .multi()
          .lPush(k.audit, JSON.stringify(entry))
          .lTrim(k.audit, 0, STAFF_AUDIT_MAX - 1)
          .exec(),
      );
    },
    async auditLog(limit) {
      const json = await call('auditLog', () => client().lRange(k.audit, 0, limit - 1));
      return json.map((j) => JSON.parse(j) as AuditEntry);
    },
    close,
  };
}
