import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import * as z from 'zod';
import type { StaffStore } from '../store/staff';
import { clearCookie, cookiePolicy, readCookie, writeCookie } from './cookies';
import { hashPassword, spendVerifyTime, verifyPassword, weaker } from './password';
import type { Me } from './session';
import { digest, newToken, sameText } from './tokens';
import { BASE } from './views/layout';
import { LoginPage } from './views/login';

export interface AuthOptions {
  staff: StaffStore;
  now: () => number;
  publicUrl?: string;
  /** A session ends after this long without a request (default 30 min)... */
  idleMs: number;
  /** ...and this long after login in any case (default 12 h). */
  absoluteMs: number;
}

export type ConsoleEnv = { Variables: { me: Me } };

/** Failed logins allowed per account before it locks, and how long the count (and lock) lasts. */
export const MAX_FAILURES = 5;
export const LOCK_MS = 15 * 60_000;
/** seenAt is written at most this often, not on every request. */
const TOUCH_MS = 60_000;

const LoginForm = z.object({
  username: z.string().trim().toLowerCase().min(1).max(64),
  password: z.string().min(1).max(1024),
  _login: z.string().min(1).max(100),
});

/**
 * Login, logout and the session check every other console route sits behind. Failed logins
 * are counted per account and lock it for LOCK_MS after MAX_FAILURES (OWASP; RapidPro locks 10
 * min after 5). Unknown usernames, wrong passwords, disabled and locked accounts all get the
 * same answer, status and (through `spendVerifyTime`) the same time.
 */
export function authRoutes(options: AuthOptions) {
  const { staff, now } = options;
  const app = new Hono<ConsoleEnv>();

  app.get('/login', async (c) => {
    const policy = cookiePolicy(c, options.publicUrl);
    if (!policy) return c.html(<LoginPage problem="https" />, 403);
    // A login form token in a cookie and in the form (double submit): a page on another site
    // cannot post a login for its own account into this browser (login CSRF).
    const token = newToken();
    writeCookie(c, policy, policy.login, token, 3600);
    return c.html(<LoginPage token={token} />);
  });

  app.post('/login', async (c) => {
    const policy = cookiePolicy(c, options.publicUrl);
    if (!policy) return c.html(<LoginPage problem="https" />, 403);
    const form = LoginForm.safeParse(await c.req.parseBody());
    const cookie = readCookie(c, policy.login);
    if (!form.success || !cookie || !sameText(cookie, form.data._login)) {
      return c.html(<LoginPage problem="expired" token={renewLogin(c, policy)} />, 403);
    }
    const { username, password } = form.data;
    const account = await staff.account(username);
    // Counted as a failure before the password is checked, and cleared if it was right: counted
    // after, every guess sent while the others were still hashing would find the count unchanged,
    // and a burst of guesses at once would pass the lock.
    const attempt = await staff.addFailure(username, LOCK_MS);
    const locked = attempt > MAX_FAILURES;
    const usable = account && !account.disabled && !locked;
    const ok = usable ? await verifyPassword(password, account.password) : false;
    if (!usable) await spendVerifyTime(password);
    if (!ok || !account) {
      await staff.audit({
        at: now(),
        actor: username.slice(0, 32),
        action: locked ? 'login.locked' : 'login.failed',
      });
      return c.html(<LoginPage problem="wrong" token={renewLogin(c, policy)} />, 401);
    }
    await staff.clearFailures(username);
    if (weaker(account.password)) {
      const stronger = await hashPassword(password);
      // Read again: an admin may have disabled the account or reset its password while the
      // hashes ran, and writing back the copy read before would undo that.
      const current = await staff.account(username);
      if (current?.password === account.password && !current.disabled) {
        await staff.putAccount({ ...current, password: stronger });
      }
    }
    // A new id at every login (never one the browser brought: no session fixation).
    const token = newToken();
    const at = now();
    await staff.putSession({
      id: await digest(token),
      username,
      epoch: account.epoch,
      csrf: newToken(),
      createdAt: at,
      seenAt: at,
      expiresAt: at + options.absoluteMs,
    });
    writeCookie(c, policy, policy.session, token, Math.floor(options.absoluteMs / 1000));
    clearCookie(c, policy, policy.login);
    await staff.audit({ at, actor: username, action: 'login' });
    return c.redirect(BASE, 303);
  });

  return app;
}

function renewLogin(c: Context, policy: NonNullable<ReturnType<typeof cookiePolicy>>): string {
  const token = newToken();
  writeCookie(c, policy, policy.login, token, 3600);
  return token;
}

/**
 * The session check in front of every other route: a live session (idle and absolute
 * timeouts), an account still enabled and not reset since, and on every POST the session's
 * form token (the synchronizer token; hono/csrf's Origin check runs before this too).
 */
export function requireSession(options: AuthOptions): MiddlewareHandler<ConsoleEnv> {
  const { staff, now } = options;
  return async function requireSession(c, next) {
    const policy = cookiePolicy(c, options.publicUrl);
    const token = policy && readCookie(c, policy.session);
    const id = token ? await digest(token) : null;
    const session = id ? await staff.session(id) : null;
    const at = now();
    const account = session ? await staff.account(session.username) : null;
    const valid =
      session &&
      account &&
      !account.disabled &&
      account.epoch === session.epoch &&
      at - session.seenAt < options.idleMs;
    if (!valid || !policy) {
      if (session) await staff.deleteSession(session.id);
      if (policy) clearCookie(c, policy, policy.session);
      if (c.req.method === 'GET' && !c.req.path.endsWith('.json')) {
        return c.redirect(`${BASE}/login`, 303);
      }
      return c.text('Your session has ended. Log in again.', 401);
    }
    if (c.req.method === 'POST') {
      const body = await c.req.parseBody();
      const sent = typeof body._csrf === 'string' ? body._csrf : '';
      if (!sameText(sent, session.csrf)) {
        return c.text('This form has expired. Go back, reload the page and try again.', 403);
      }
    }
    if (at - session.seenAt >= TOUCH_MS) await staff.putSession({ ...session, seenAt: at });
    c.set('me', {
      username: account.username,
      role: account.role,
      csrf: session.csrf,
      session: session.id,
    });
    await next();
  };
}

/** Log out: the session is deleted from the store, not only from the browser. */
export function logout(options: AuthOptions) {
  return async (c: Context<ConsoleEnv>) => {
    const me = c.get('me');
    await options.staff.deleteSession(me.session);
    const policy = cookiePolicy(c, options.publicUrl);
    if (policy) clearCookie(c, policy, policy.session);
    await options.staff.audit({ at: options.now(), actor: me.username, action: 'logout' });
    return c.redirect(`${BASE}/login`, 303);
  };
}
