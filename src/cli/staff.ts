/**
 * `npm run staff -- add <username> --role agent|supervisor|admin`, `disable <username>`,
 * `reset <username>`, `list`: staff accounts without the console (the first admin, or an
 * operator locked out). The password is asked on a terminal, or read from stdin with
 * `--password-stdin`, never taken from the command line (it would stay in the shell history).
 * Uses the same store as `npm start` (REDIS_URL, or SIRA_STAFF_DB beside SIRA_DB), and may run
 * while the server runs.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { AccountError, accountAdmin } from '../console/accounts';
import { hashPassword, passwordProblem } from '../console/password';
import { openStaffStore } from '../entry/node-store';
import { ConfigError, loadConfig } from '../runtime/config';
import { createLogger } from '../runtime/log';
import { ROLES, type Role } from '../store/staff';

const USAGE = `usage: npm run staff -- add <username> --role ${ROLES.join('|')} [--password-stdin]
       npm run staff -- disable <username>
       npm run staff -- reset <username> [--password-stdin]
       npm run staff -- list
       npm run staff -- hash [--password-stdin]   (for SIRA_CONSOLE_FIRST_ADMIN on Workers)`;

const OPTIONS = {
  role: { type: 'string' },
  'password-stdin': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

async function main(): Promise<number> {
  // Not strict, so that a mistyped option gets the usage rather than a stack trace.
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    strict: false,
    options: OPTIONS,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const unknown = Object.keys(values).filter((name) => !(name in OPTIONS));
  if (unknown.length) {
    console.error(`Unknown option: --${unknown[0]}\n${USAGE}`);
    return 2;
  }
  const [command, username] = positionals;
  if (command === 'hash') {
    // A hash to put in SIRA_CONSOLE_FIRST_ADMIN (a Worker's first admin); no store is opened.
    const password = await readPassword(values['password-stdin'] === true);
    const problem = passwordProblem(password);
    if (problem) {
      console.error(`The password needs ${problem}.`);
      return 1;
    }
    console.log(await hashPassword(password));
    return 0;
  }
  const config = loadConfig(process.env);
  const store = await openStaffStore(
    config,
    createLogger((l) => console.error(l)),
  );
  const admin = accountAdmin(store);
  const audit = (action: string, target: string) =>
    store.audit({ at: Date.now(), actor: 'cli', action, target });
  try {
    if (command === 'list') {
      for (const a of await store.accounts()) {
        console.log(`${a.username}\t${a.role}${a.disabled ? '\tdisabled' : ''}`);
      }
      return 0;
    }
    if (!username || !['add', 'disable', 'reset'].includes(command ?? '')) {
      console.error(USAGE);
      return 2;
    }
    if (command === 'disable') {
      await admin.disable(username);
      await audit('account.disable', username);
      console.log(`${username} is disabled; their sessions have ended.`);
      return 0;
    }
    if (command === 'add' && !ROLES.includes(values.role as Role)) {
      console.error(`--role must be one of: ${ROLES.join(', ')}\n${USAGE}`);
      return 2;
    }
    const password = await readPassword(values['password-stdin'] === true);
    if (command === 'add') {
      await admin.add(username, values.role as Role, password);
      await audit('account.add', username);
      console.log(`${username} (${values.role}) can now log in at /console.`);
    } else {
      await admin.reset(username, password);
      await audit('account.reset', username);
      console.log(`${username} has a new password; their other sessions have ended.`);
    }
    return 0;
  } catch (error) {
    if (error instanceof AccountError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await store.close();
  }
}

/** The first line of stdin, or a prompt on the terminal with the typing hidden, twice. */
async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    let text = '';
    for await (const chunk of process.stdin) text += chunk;
    return text.split(/\r?\n/)[0] ?? '';
  }
  const first = await ask('Password: ');
  const second = await ask('Again: ');
  if (first !== second) throw new AccountError('weak_password', 'The two passwords differ.');
  return first;
}

function ask(prompt: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // Echo nothing of what is typed after the prompt.
  const output = rl as unknown as { _writeToOutput: (s: string) => void };
  output._writeToOutput = (s: string) => {
    if (s.startsWith(prompt)) process.stdout.write(prompt);
  };
  return new Promise((resolve) =>
    rl.question(prompt, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    }),
  );
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  },
);
