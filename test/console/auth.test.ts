/**
 * Accounts, sessions, CSRF and the role matrix over HTTP (Hono's app.request, no browser):
 * what each role is refused, lock-out, timeouts, logout that really ends the session.
 */
import { describe, expect, it } from 'vitest';
import { accountAdmin } from '../../src/console/accounts';
import { LOCK_MS, MAX_FAILURES } from '../../src/console/auth';
import { hashPassword } from '../../src/console/password';
import { rawContent } from '../../src/content/bundle';
import { compileContent } from '../../src/content/compile';
import { createHandoffService } from '../../src/handoff/service';
import { createApp } from '../../src/runtime/app';
import { deliver } from '../../src/runtime/deliver';
import { receive } from '../../src/runtime/inbound';
import { createMemoryStaffStore } from '../../src/store/staff-memory';
import { testDeps } from '../helpers/runtime';
import { PASSWORD, STAFF } from './harness';

const content = compileContent(rawContent);
const ORIGIN = 'http://localhost';

async function setup() {
  const t = testDeps({ content });
  const staff = createMemoryStaffStore({ now: t.deps.now });
  const admin = accountAdmin(staff, t.deps.now);
  for (const [name, role] of Object.entries(STAFF)) await admin.add(name, role, PASSWORD);
  const app = createApp(t.deps, {
    console: { staff, handoff: createHandoffService(t.deps) },
  });
  let n = 0;
  const escalation = async () => {
    const receipt = await receive(t.deps, {
      channel: 'sms',
      messageId: `m${++n}`,
      from: `+155501004${String(n).padStart(2, '0')}`,
      at: t.deps.now(),
      content: { type: 'text', text: 'ils me frappent' },
    });
    await deliver(t.deps, receipt.key);
    return receipt.key;
  };
  return { ...t, staff, app, admin, escalation };
}

type Setup = Awaited<ReturnType<typeof setup>>;

/** A browser's cookie jar in a few lines: enough for one origin. */
function client(s: Setup, origin = ORIGIN) {
  const jar = new Map<string, string>();
  const request = async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (jar.size) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await s.app.request(`${origin}${path}`, { ...init, headers });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = (pair as string).split('=') as [string, string];
      if (/Max-Age=0/.test(line) || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  };
  const post = (path: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
    request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin, ...headers },
      body: new URLSearchParams(form).toString(),
    });
  const loginAttempt = async (username: string, password = PASSWORD) => {
    const page = await (await request('/console/login')).text();
    const token = /name="_login" value="([^"]+)"/.exec(page)?.[1] as string;
    return post('/console/login', { username, password, _login: token });
  };
  const csrf = async (path = '/console') => {
    const page = await (await request(path)).text();
    return /name="_csrf" value="([^"]+)"/.exec(page)?.[1] as string;
  };
  return { jar, request, post, loginAttempt, csrf };
}

async function loggedIn(s: Setup, username: string) {
  const c = client(s);
  const res = await c.loginAttempt(username);
  expect(res.status).toBe(303);
  return c;
}

describe('console login', () => {
  it('sets HttpOnly SameSite=Strict cookies, __Host- and Secure over https', async () => {
    const s = await setup();
    const local = await client(s).loginAttempt('awa');
    const cookie = local.headers.getSetCookie().find((c) => c.startsWith('sira='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    const secure = await client(s, 'https://sira.example.org').loginAttempt('awa');
    const host = secure.headers.getSetCookie().find((c) => c.startsWith('__Host-sira='));
    expect(host).toMatch(/Secure/);
    expect(host).toMatch(/HttpOnly/);
    expect(host).toMatch(/SameSite=Strict/);
    // Plain http to anything but localhost: no password crosses the network in clear.
    const plain = await s.app.request('http://sira.example.org/console/login');
    expect(plain.status).toBe(403);
    expect(plain.headers.getSetCookie()).toEqual([]);
  });

  it('stores only a hash of the session id, and a PBKDF2 hash of the password', async () => {
    const s = await setup();
    const c = await loggedIn(s, 'awa');
    const id = c.jar.get('sira') as string;
    expect(await s.staff.session(id)).toBeNull();
    expect((await s.staff.account('awa'))?.password).toMatch(/^pbkdf2-sha256\$600000\$/);
  });

  it('answers an unknown user and a wrong password alike', async () => {
    const s = await setup();
    const unknown = await client(s).loginAttempt('nobody', 'whatever-password-1');
    const wrong = await client(s).loginAttempt('awa', 'whatever-password-1');
    const body = async (r: Response) => (await r.text()).replace(/value="[^"]+"/, '');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(await body(unknown)).toBe(await body(wrong));
  });

  it(`locks an account after ${MAX_FAILURES} failures, for ${LOCK_MS / 60_000} minutes`, async () => {
    const s = await setup();
    for (let i = 0; i < MAX_FAILURES; i++) {
      expect((await client(s).loginAttempt('issa', 'not-the-password-123')).status).toBe(401);
    }
    expect((await client(s).loginAttempt('issa')).status).toBe(401); // right password, locked
    expect((await client(s).loginAttempt('awa')).status).toBe(303); // per account
    s.universe.advance(LOCK_MS);
    expect((await client(s).loginAttempt('issa')).status).toBe(303);
    const log = (await s.staff.auditLog(20)).map((e) => `${e.actor}:${e.action}`);
    expect(log).toContain('issa:login.locked');
  });

  it('holds the lock against guesses sent all at once', async () => {
    const s = await setup();
    // Each attempt is counted before its password is checked (a third of a second each): the
    // right password, sent with the five wrong ones, arrives as the sixth and is not checked.
    const wrong = Array.from({ length: MAX_FAILURES }, (_, i) => `wrong-guess-number-${i}`);
    const attempts = [...wrong, undefined].map((password) =>
      client(s).loginAttempt('issa', password),
    );
    const statuses = (await Promise.all(attempts)).map((r) => r.status);
    expect(statuses).toEqual(Array(MAX_FAILURES + 1).fill(401));
  });

  it('upgrades an old password hash at login without undoing a disable made meanwhile', async () => {
    const s = await setup();
    const old = await s.staff.account('issa');
    await s.staff.putAccount({ ...old!, password: await hashPassword(PASSWORD, 1_000) });
    let reads = 0;
    // The admin disables issa just after the login read the account, while its hashes run.
    const staff = {
      ...s.staff,
      account: async (username: string) => {
        const read = await s.staff.account(username);
        if (username === 'issa' && ++reads === 1) await s.admin.disable('issa');
        return read;
      },
    };
    const app = createApp(s.deps, {
      console: { staff, handoff: createHandoffService(s.deps) },
    });
    await client({ ...s, app }).loginAttempt('issa');
    expect((await s.staff.account('issa'))?.disabled).toBe(true);
    // Without that, the upgrade is made.
    await s.admin.add('yaya', 'agent', PASSWORD);
    const yaya = await s.staff.account('yaya');
    await s.staff.putAccount({ ...yaya!, password: await hashPassword(PASSWORD, 1_000) });
    expect((await client(s).loginAttempt('yaya')).status).toBe(303);
    expect((await s.staff.account('yaya'))?.password).toMatch(/^pbkdf2-sha256\$600000\$/);
  });

  it('ends the session on logout, server-side: the old cookie no longer works', async () => {
    const s = await setup();
    const c = await loggedIn(s, 'awa');
    const cookie = `sira=${c.jar.get('sira')}`;
    const token = await c.csrf();
    expect((await c.post('/console/logout', { _csrf: token })).status).toBe(303);
    const replay = await s.app.request(`${ORIGIN}/console`, { headers: { cookie } });
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toBe('/console/login');
  });

  it('ends a session after 30 idle minutes, and after 12 hours in any case', async () => {
    const s = await setup();
    const idle = await loggedIn(s, 'awa');
    s.universe.advance(29 * 60_000);
    expect((await idle.request('/console')).status).toBe(200);
    s.universe.advance(31 * 60_000);
    expect((await idle.request('/console')).status).toBe(303);
    const busy = await loggedIn(s, 'issa');
    for (let h = 0; h < 12 * 3; h++) {
      expect((await busy.request('/console')).status, `after ${h * 20} min`).toBe(200);
      s.universe.advance(20 * 60_000);
    }
    expect((await busy.request('/console')).status).toBe(303);
  });

  it('ends the sessions of a disabled account, and of one whose password was reset', async () => {
    const s = await setup();
    const awa = await loggedIn(s, 'awa');
    const issa = await loggedIn(s, 'issa');
    await s.admin.disable('awa');
    await s.admin.reset('issa', 'another long passphrase');
    expect((await awa.request('/console')).status).toBe(303);
    expect((await issa.request('/console')).status).toBe(303);
    expect((await client(s).loginAttempt('awa')).status).toBe(401);
  });
});

describe('console CSRF', () => {
  it('refuses a post without the form token, and one from another origin', async () => {
    const s = await setup();
    const key = await s.escalation();
    const c = await loggedIn(s, 'awa');
    const token = await c.csrf();
    const note = `/console/c/${key}/note`;
    expect((await c.post(note, { text: 'x' })).status).toBe(403);
    expect((await c.post(note, { text: 'x', _csrf: 'guess' })).status).toBe(403);
    const foreign = { origin: 'http://evil.example' };
    expect((await c.post(note, { text: 'x', _csrf: token }, foreign)).status).toBe(403);
    const json = await c.request(note, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      body: JSON.stringify({ text: 'x' }),
    });
    expect(json.status).toBe(403);
    expect((await s.deps.store.load(key))?.ctx.handoff?.notes).toEqual([]);
    expect((await c.post(note, { text: 'ok', _csrf: token })).status).toBe(303);
    expect((await s.deps.store.load(key))?.ctx.handoff?.notes).toHaveLength(1);
  });
});

describe('console roles', () => {
  const matrix: [string, string, Record<string, number>][] = [
    ['GET', '/console/queue.json', { agent: 200, supervisor: 200, admin: 403 }],
    ['GET', '/console/c/KEY', { agent: 200, supervisor: 200, admin: 403 }],
    ['POST', '/console/c/KEY/note', { agent: 303, supervisor: 303, admin: 403 }],
    ['POST', '/console/c/KEY/reveal', { agent: 403, supervisor: 200, admin: 403 }],
    ['GET', '/console/audit', { agent: 403, supervisor: 200, admin: 200 }],
    ['GET', '/console/staff', { agent: 403, supervisor: 403, admin: 200 }],
    ['POST', '/console/staff/disable', { agent: 403, supervisor: 403, admin: 303 }],
    ['GET', '/console/simulator', { agent: 200, supervisor: 200, admin: 200 }],
  ];
  const users = { agent: 'awa', supervisor: 'sara', admin: 'adam' } as const;

  for (const [role, username] of Object.entries(users)) {
    it(`gives ${role} exactly what the role allows, and audits each refusal`, async () => {
      const s = await setup();
      const key = await s.escalation();
      const c = await loggedIn(s, username);
      const token = await c.csrf(role === 'admin' ? '/console/staff' : '/console');
      for (const [method, template, expected] of matrix) {
        const path = template.replace('KEY', key);
        const res =
          method === 'GET'
            ? await c.request(path)
            : await c.post(path, { _csrf: token, text: 'x', username: 'issa' });
        expect(res.status, `${role} ${method} ${path}`).toBe(expected[role]);
      }
      const refusals = (await s.staff.auditLog(100)).filter((e) => e.action === 'refused');
      expect(refusals).toHaveLength(matrix.filter(([, , e]) => e[role] === 403).length);
    });
  }

  it('keeps an agent off a colleague’s conversation; a supervisor may take it over', async () => {
    const s = await setup();
    const key = await s.escalation();
    const awa = await loggedIn(s, 'awa');
    const issa = await loggedIn(s, 'issa');
    const sara = await loggedIn(s, 'sara');
    await awa.post(`/console/c/${key}/claim`, { _csrf: await awa.csrf() });
    const tried = await issa.post(`/console/c/${key}/close`, {
      _csrf: await issa.csrf(),
      outcome: 'resolved',
    });
    expect(tried.headers.get('location')).toMatch(/m=claimed_by_other$/);
    const replied = await issa.post(`/console/c/${key}/reply`, {
      _csrf: await issa.csrf(),
      text: 'hello',
    });
    expect(replied.headers.get('location')).toMatch(/m=claimed_by_other$/);
    expect((await s.deps.store.load(key))?.ctx.handoff?.agent).toBe('awa');
    // A supervisor does not talk to the person over a colleague's head: she takes it first.
    const over = await sara.post(`/console/c/${key}/reply`, {
      _csrf: await sara.csrf(),
      text: 'from sara',
    });
    expect(over.headers.get('location')).toMatch(/m=claimed_by_other$/);
    await sara.post(`/console/c/${key}/claim`, { _csrf: await sara.csrf() });
    expect((await s.deps.store.load(key))?.ctx.handoff?.agent).toBe('sara');
  });

  it('audits every read of a conversation; only its own page refreshes unaudited', async () => {
    const s = await setup();
    const key = await s.escalation();
    const awa = await loggedIn(s, 'awa');
    const sara = await loggedIn(s, 'sara');
    const views = async () =>
      (await s.staff.auditLog(100)).filter((e) => e.action === 'view').map((e) => e.actor);
    // A "refresh" the page never asked for is a read like any other.
    const forged = await awa.request(`/console/c/${key}?live=1&v=x`);
    expect(await forged.text()).toContain('ils me frappent');
    expect(await views()).toEqual(['awa']);
    const page = await (await awa.request(`/console/c/${key}`)).text();
    expect(await views()).toEqual(['awa', 'awa']);
    const live = /data-live="([^"]+)"/.exec(page)?.[1]?.replace(/&amp;/g, '&') as string;
    const seq = String((await s.deps.store.load(key))?.seq);
    expect((await awa.request(`${live}&live=1&v=${seq}`)).status).toBe(204);
    expect((await awa.request(`${live}&live=1&v=0`)).status).toBe(200);
    expect(await views()).toEqual(['awa', 'awa']);
    // The proof is awa's session's: in another session it is a read.
    expect((await sara.request(`${live}&live=1&v=${seq}`)).status).toBe(200);
    expect(await views()).toEqual(['sara', 'awa', 'awa']);
  });

  it('sends strict security headers and no-store on every page', async () => {
    const s = await setup();
    const c = await loggedIn(s, 'awa');
    const res = await c.request('/console');
    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; require-trusted-types-for 'script'; trusted-types sira",
    );
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });
});
