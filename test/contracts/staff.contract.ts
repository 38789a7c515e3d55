import { afterAll, describe, expect, it } from 'vitest';
import type { StaffAccount, StaffSession, StaffStore } from '../../src/store/staff';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let n = 0;
const unique = (label: string) => `${label}-${Date.now().toString(36)}-${++n}`;

export const accountFor = (username: string, over: Partial<StaffAccount> = {}): StaffAccount => ({
  username,
  role: 'agent',
  password: 'pbkdf2-sha256$600000$c2FsdA$aGFzaA',
  disabled: false,
  epoch: 0,
  createdAt: 1,
  ...over,
});

const sessionFor = (id: string, over: Partial<StaffSession> = {}): StaffSession => ({
  id,
  username: 'awa',
  epoch: 0,
  csrf: 'token',
  createdAt: Date.now(),
  seenAt: Date.now(),
  expiresAt: Date.now() + 60_000,
  ...over,
});

/**
 * What every StaffStore must do, run against memory, SQLite and Redis. Expiry is checked with
 * the wall clock and short windows, because Redis expires keys by its own clock.
 */
export function staffStoreContract(name: string, make: () => Promise<StaffStore> | StaffStore) {
  describe(`${name} staff store contract`, () => {
    let opened: StaffStore | undefined;
    const store = async () => {
      opened ??= await make();
      return opened;
    };
    afterAll(async () => opened?.close());

    it('keeps accounts, replaces them, and lists them by username', async () => {
      const s = await store();
      const [b, a] = [unique('b'), unique('a')];
      await s.putAccount(accountFor(b));
      await s.putAccount(accountFor(a, { role: 'supervisor' }));
      await s.putAccount(accountFor(b, { disabled: true, epoch: 1 }));
      expect(await s.account(b)).toEqual(accountFor(b, { disabled: true, epoch: 1 }));
      expect(await s.account(unique('nobody'))).toBeNull();
      const listed = (await s.accounts()).filter((x) => x.username === a || x.username === b);
      expect(listed.map((x) => x.username)).toEqual([a, b]);
    });

    it('keeps a session until its end, and forgets a deleted one', async () => {
      const s = await store();
      const [live, short] = [unique('s'), unique('s')];
      const kept = sessionFor(live);
      await s.putSession(kept);
      await s.putSession(sessionFor(short, { expiresAt: Date.now() + 80 }));
      expect(await s.session(live)).toEqual(kept);
      expect((await s.session(short))?.id).toBe(short);
      await sleep(150);
      expect(await s.session(short)).toBeNull();
      await s.putSession({ ...sessionFor(live), seenAt: 42 });
      expect((await s.session(live))?.seenAt).toBe(42);
      await s.deleteSession(live);
      expect(await s.session(live)).toBeNull();
    });

    it('counts failed logins in a window that starts at the first failure', async () => {
      const s = await store();
      const user = unique('f');
      expect(await s.addFailure(user, 200)).toBe(1);
      await sleep(60);
      expect(await s.addFailure(user, 200)).toBe(2);
      await sleep(200); // the window began at the first failure: it has lapsed
      expect(await s.addFailure(user, 10_000)).toBe(1);
      await s.clearFailures(user);
      expect(await s.addFailure(user, 10_000)).toBe(1);
    });

    it('counts concurrent failures one by one', async () => {
      const s = await store();
      const user = unique('c');
      const counts = await Promise.all(Array.from({ length: 8 }, () => s.addFailure(user, 10_000)));
      expect(counts.sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    });

    it('appends to the audit log and reads it newest first', async () => {
      const s = await store();
      const target = unique('k');
      for (const action of ['view', 'claim', 'reply']) {
        await s.audit({ at: Date.now(), actor: 'awa', action, target });
      }
      const mine = (await s.auditLog(50)).filter((e) => e.target === target);
      expect(mine.map((e) => e.action)).toEqual(['reply', 'claim', 'view']);
      expect(await s.auditLog(1)).toHaveLength(1);
    });
  });
}
