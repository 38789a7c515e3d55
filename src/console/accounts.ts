import type { Role, StaffAccount, StaffStore } from '../store/staff';
import { hashPassword, passwordProblem } from './password';

/** Why an account change was refused; the CLI and the console turn these into words. */
export class AccountError extends Error {
  override name = 'AccountError';
  constructor(
    readonly code: 'exists' | 'not_found' | 'bad_username' | 'weak_password',
    message: string,
  ) {
    super(message);
  }
}

/** Usernames are short lowercase handles, safe in URLs, keys and logs. */
const USERNAME = /^[a-z0-9][a-z0-9._-]{1,31}$/;

function checkPassword(password: string) {
  const problem = passwordProblem(password);
  if (problem) throw new AccountError('weak_password', `The password needs ${problem}.`);
}

/** Account changes, shared by `npm run staff` and the console's accounts page. */
export function accountAdmin(store: StaffStore, now: () => number = Date.now) {
  async function existing(username: string): Promise<StaffAccount> {
    const account = await store.account(username);
    if (!account) throw new AccountError('not_found', `No account named ${username}.`);
    return account;
  }
  return {
    async add(username: string, role: Role, password: string): Promise<void> {
      if (!USERNAME.test(username)) {
        throw new AccountError(
          'bad_username',
          'A username is 2 to 32 lowercase letters, digits, dots, dashes or underscores.',
        );
      }
      if (await store.account(username)) {
        throw new AccountError('exists', `An account named ${username} exists.`);
      }
      checkPassword(password);
      await store.putAccount({
        username,
        role,
        password: await hashPassword(password),
        disabled: false,
        epoch: 0,
        createdAt: now(),
      });
    },
    /** Disable an account: its sessions end at their next request. */
    async disable(username: string): Promise<void> {
      const account = await existing(username);
      await store.putAccount({ ...account, disabled: true, epoch: account.epoch + 1 });
    },
    /** Set a new password (and enable the account): its other sessions end. */
    async reset(username: string, password: string): Promise<void> {
      const account = await existing(username);
      checkPassword(password);
      await store.putAccount({
        ...account,
        password: await hashPassword(password),
        disabled: false,
        epoch: account.epoch + 1,
      });
      await store.clearFailures(username);
    },
  };
}

/**
 * The first admin of a deployment that has no account yet, from configuration
 * (SIRA_CONSOLE_FIRST_ADMIN=`username:<hash from npm run staff -- hash>`): how a Worker, which
 * `npm run staff` cannot reach, gets its first account. Does nothing once any account exists,
 * so removing or leaving the setting changes nothing later. Returns whether it created one.
 */
export async function ensureFirstAdmin(
  store: StaffStore,
  first: { username: string; password: string },
  now: () => number = Date.now,
): Promise<boolean> {
  if ((await store.accounts()).length) return false;
  await store.putAccount({
    username: first.username,
    role: 'admin',
    password: first.password,
    disabled: false,
    epoch: 0,
    createdAt: now(),
  });
  await store.audit({ at: now(), actor: 'config', action: 'account.add', target: first.username });
  return true;
}
