import { callObject } from './durable-object';
import type { StaffRpc } from './durable-objects/staff';
import type { AuditEntry, StaffAccount, StaffSession, StaffStore } from './staff';

/** The staff binding of wrangler.toml. */
export interface StaffBindings {
  STAFF: DurableObjectNamespace<StaffRpc>;
}

/**
 * The staff store on Cloudflare Workers, in the deployment's one staff object
 * (durable-objects/staff.ts). A failed RPC is `unavailable`, as in the conversation store.
 */
export function createDurableObjectStaffStore(
  env: StaffBindings,
  now: () => number = Date.now,
): StaffStore {
  const object = () => env.STAFF.get(env.STAFF.idFromName('staff'));
  const parse = <T>(json: string | null): T | null =>
    json === null ? null : (JSON.parse(json) as T);
  return {
    kind: 'durable-object',
    async account(username) {
      return parse<StaffAccount>(
        await callObject('staff account', () => object().account(username)),
      );
    },
    async accounts() {
      const json = await callObject('staff accounts', () => object().accounts());
      return json.map((j) => JSON.parse(j) as StaffAccount);
    },
    async putAccount(account) {
      await callObject('staff putAccount', () =>
        object().putAccount(account.username, JSON.stringify(account)),
      );
    },
    async session(id) {
      return parse<StaffSession>(
        await callObject('staff session', () => object().session(id, now())),
      );
    },
    async putSession(session) {
      await callObject('staff putSession', () =>
        object().putSession(session.id, JSON.stringify(session), session.expiresAt, now()),
      );
    },
    async deleteSession(id) {
      await callObject('staff deleteSession', () => object().deleteSession(id));
    },
    addFailure(username, windowMs) {
      return callObject('staff addFailure', () => object().addFailure(username, windowMs, now()));
    },
    async clearFailures(username) {
      await callObject('staff clearFailures', () => object().clearFailures(username));
    },
    async audit(entry: AuditEntry) {
      await callObject('staff audit', () => object().audit(JSON.stringify(entry)));
    },
    async auditLog(limit) {
      const json = await callObject('staff auditLog', () => object().auditLog(limit));
      return json.map((j) => JSON.parse(j) as AuditEntry);
    },
    async close() {},
  };
}
