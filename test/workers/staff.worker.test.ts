/**
 * The staff store contract (test/contracts/staff.contract.ts) against the Durable Object staff
 * store, in workerd; then the audit log's bound, which the contract leaves to each store.
 */
import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { StaffObject } from '../../src/store/durable-objects/staff';
import { createDurableObjectStaffStore } from '../../src/store/staff-durable-object';
import { staffStoreContract } from '../contracts/staff.contract';

staffStoreContract('durable-object', () => createDurableObjectStaffStore(env));

describe('the staff object', () => {
  it('keeps the latest 100,000 audit entries, the oldest going first', async () => {
    // An object of its own: the contract's object keeps its few entries.
    const stub = env.STAFF.get(env.STAFF.idFromName('audit-bound'));
    const store = createDurableObjectStaffStore({
      STAFF: { idFromName: (name) => env.STAFF.idFromName(name), get: () => stub },
    });
    await store.audit({ at: 0, actor: 'first', action: 'login' });
    await runInDurableObject(stub, (_object: StaffObject, state) => {
      state.storage.sql.exec(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 99999)
         INSERT INTO audit (json) SELECT '{"at":1,"actor":"bulk","action":"view"}' FROM n`,
      );
    });
    const count = () =>
      runInDurableObject(
        stub,
        (_object: StaffObject, state) =>
          state.storage.sql.exec<{ n: number }>('SELECT count(*) AS n FROM audit').one().n,
      );
    expect(await count()).toBe(100_000);
    expect((await store.auditLog(100_000)).at(-1)?.actor).toBe('first');
    await store.audit({ at: 2, actor: 'last', action: 'logout' });
    expect(await count()).toBe(100_000);
    const log = await store.auditLog(100_000);
    expect(log[0]?.actor).toBe('last');
    expect(log.some((e) => e.actor === 'first')).toBe(false);
  });
});
