import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/** How the console's cookies are named and flagged for a request, or null: refuse to log in. */
export interface CookiePolicy {
  session: string;
  login: string;
  secure: boolean;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Over https (the request's, or PUBLIC_URL's behind a proxy that ends TLS) the cookies are
 * `__Host-` prefixed and Secure: the browser then refuses them from any other host or path, or
 * over plain http. `__Host-` requires Secure, which needs https, so a developer's plain
 * http://localhost gets unprefixed, non-Secure names instead. Plain http anywhere else gets
 * nothing: a password must not cross a network in clear.
 */
export function cookiePolicy(c: Context, publicUrl?: string): CookiePolicy | null {
  const url = new URL(c.req.url);
  const https = url.protocol === 'https:' || publicUrl?.startsWith('https:') === true;
  if (https) return { session: '__Host-sira', login: '__Host-sira-login', secure: true };
  if (LOCAL_HOSTS.has(url.hostname)) return { session: 'sira', login: 'sira-login', secure: false };
  return null;
}

const flags = (policy: CookiePolicy, maxAgeSeconds: number) =>
  ({
    path: '/',
    httpOnly: true,
    secure: policy.secure,
    sameSite: 'Strict',
    maxAge: maxAgeSeconds,
  }) as const;

export const readCookie = (c: Context, name: string): string | undefined => getCookie(c, name);

export function writeCookie(
  c: Context,
  policy: CookiePolicy,
  name: string,
  value: string,
  maxAgeSeconds: number,
) {
  // Hono refuses a `__Host-` cookie without Secure and Path=/, which these flags always give.
  setCookie(c, name, value, flags(policy, maxAgeSeconds));
}

export function clearCookie(c: Context, policy: CookiePolicy, name: string) {
  deleteCookie(c, name, flags(policy, 0));
}
