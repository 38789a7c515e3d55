/**
 * `npm run staff` as an operator runs it: a child Node with tsx, the password on stdin, the
 * SQLite staff store at SIRA_STAFF_DB, while another connection (the server) has it open.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../src/console/password';
import { createSqliteStaffStore } from '../src/store/staff-sqlite';
import { root } from './helpers/child';
import { tempDir } from './helpers/temp';

const dir = tempDir('staff-cli');
const path = join(dir, 'staff.db');
const staff = (args: string[], input = '') =>
  spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/staff.ts'), ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    env: { ...process.env, SIRA_STAFF_DB: path, REDIS_URL: '' },
  });

describe('npm run staff', { timeout: 60_000 }, () => {
  it('adds, resets and disables an account while the server has the store open', async () => {
    const server = createSqliteStaffStore({ path });
    const added = staff(
      ['add', 'aminata', '--role', 'admin', '--password-stdin'],
      'a long first passphrase\n',
    );
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    const account = await server.account('aminata');
    expect(account?.role).toBe('admin');
    expect(await verifyPassword('a long first passphrase', account?.password ?? '')).toBe(true);

    const weak = staff(['reset', 'aminata', '--password-stdin'], 'short\n');
    expect(weak.status).toBe(1);
    expect(weak.stderr).toMatch(/at least 15 characters/);
    expect(
      staff(['reset', 'aminata', '--password-stdin'], 'a long second passphrase\n').status,
    ).toBe(0);
    expect((await server.account('aminata'))?.epoch).toBe(1);

    expect(staff(['disable', 'aminata']).status).toBe(0);
    expect((await server.account('aminata'))?.disabled).toBe(true);
    expect(staff(['add', 'x', '--role', 'boss']).status).toBe(2);
    const actions = (await server.auditLog(10)).map((e) => `${e.actor}:${e.action}`);
    expect(actions).toEqual(['cli:account.disable', 'cli:account.reset', 'cli:account.add']);
    await server.close();
  });

  it('prints its usage on --help, and on an option it does not know', () => {
    const help = staff(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run staff -- add <username>/);
    const unknown = staff(['list', '--verbose']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^Unknown option: --verbose\nusage:/);
  });
});
