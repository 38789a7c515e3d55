/**
 * The staff console on the deployed Worker: an account made as `npm run staff` makes it, in
 * the Durable Object staff store, then a login over HTTP (form token, Origin, cookies) and the
 * queue page, all through the Worker's fetch.
 */
import { env } from 'cloudflare:workers';
import { expect, it } from 'vitest';
import { accountAdmin } from '../../src/console/accounts';
import { createDurableObjectStaffStore } from '../../src/store/staff-durable-object';
import { workerFetch } from './worker-helpers';

/** wrangler.toml's test bindings set PUBLIC_URL: cookies are __Host- and Secure. */
const ORIGIN = 'https://sira.example.org';
const PASSWORD = 'correct horse battery staple';

/** A browser's cookie jar for one origin, over the Worker's fetch. */
function browser() {
  const jar = new Map<string, string>();
  const request = async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (jar.size) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await workerFetch(new Request(`${ORIGIN}${path}`, { ...init, headers }));
    for (const line of response.headers.getSetCookie()) {
      const [name, value] = (line.split(';')[0] as string).split('=') as [string, string];
      if (/Max-Age=0/.test(line) || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  };
  return { jar, request };
}

it('logs an agent in and shows the queue', async () => {
  // PBKDF2 at its full cost, in workerd: hashing and checking take a moment.
  await accountAdmin(createDurableObjectStaffStore(env)).add('awa', 'agent', PASSWORD);
  const b = browser();
  const form = await b.request('/console/login');
  expect(form.status).toBe(200);
  const token = /name="_login" value="([^"]+)"/.exec(await form.text())?.[1];
  expect(token).toBeTruthy();

  const login = await b.request('/console/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
    body: new URLSearchParams({ username: 'awa', password: PASSWORD, _login: token ?? '' }),
  });
  expect(login.status).toBe(303);
  expect(login.headers.get('location')).toMatch(/\/console$/);
  const session = login.headers.getSetCookie().find((c) => c.startsWith('__Host-sira='));
  expect(session).toMatch(/HttpOnly/i);

  const queue = await b.request('/console');
  expect(queue.status).toBe(200);
  const page = await queue.text();
  expect(page).toContain('<h1>Queue</h1>');
  expect(page).toContain('id="queue"');
  expect(page).toContain('awa');
});

it('refuses a wrong password without a session', async () => {
  const b = browser();
  const form = await (await b.request('/console/login')).text();
  const token = /name="_login" value="([^"]+)"/.exec(form)?.[1] ?? '';
  const login = await b.request('/console/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
    body: new URLSearchParams({ username: 'awa', password: 'not the password', _login: token }),
  });
  expect(login.headers.getSetCookie().some((c) => c.startsWith('__Host-sira='))).toBe(false);
  expect((await b.request('/console')).status).not.toBe(200);
});
