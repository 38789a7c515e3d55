import { describe, expect, it } from 'vitest';
import { ensureFirstAdmin } from '../../src/console/accounts';
import { hashPassword, verifyPassword } from '../../src/console/password';
import { loadConfig } from '../../src/runtime/config';
import { createMemoryStaffStore } from '../../src/store/staff-memory';

describe('the first admin from configuration (for Workers)', () => {
  it('is created while no account exists, and only then', async () => {
    const store = createMemoryStaffStore();
    const password = await hashPassword('a long enough passphrase', 1_000);
    expect(await ensureFirstAdmin(store, { username: 'aminata', password })).toBe(true);
    const admin = await store.account('aminata');
    expect(admin).toMatchObject({ role: 'admin', disabled: false });
    expect(await verifyPassword('a long enough passphrase', admin?.password ?? '')).toBe(true);
    expect(await ensureFirstAdmin(store, { username: 'other', password })).toBe(false);
    expect(await store.account('other')).toBeNull();
    expect((await store.auditLog(10)).map((e) => [e.actor, e.action, e.target])).toEqual([
      ['config', 'account.add', 'aminata'],
    ]);
  });

  it('is read from SIRA_CONSOLE_FIRST_ADMIN as username:hash, and garbage is refused', async () => {
    const hash = await hashPassword('a long enough passphrase', 1_000);
    const config = loadConfig({ SIRA_CONSOLE_FIRST_ADMIN: `aminata:${hash}` });
    expect(config.staffConsole.firstAdmin).toEqual({ username: 'aminata', password: hash });
    expect(() => loadConfig({ SIRA_CONSOLE_FIRST_ADMIN: 'aminata:hunter2' })).toThrow(
      /SIRA_CONSOLE_FIRST_ADMIN/,
    );
  });
});
