import { validateRequest } from 'twilio/lib/webhooks/webhooks';

/** A form body as Twilio posts it; a name sent twice keeps both values, as Twilio signed both. */
export type FormParams = Record<string, string | string[]>;

/**
 * Decode an `application/x-www-form-urlencoded` body without losing repeated names (Hono's
 * `parseBody()` keeps only the last one, and the signature covers every value).
 */
export function formParams(body: string): FormParams {
  const params: FormParams = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const seen = params[name];
    params[name] = seen === undefined ? value : [...[seen].flat(), value];
  }
  return params;
}

/**
 * Whether `X-Twilio-Signature` is Twilio's HMAC-SHA1 of `url` and the form parameters, checked
 * with twilio's own `validateRequest` (constant-time compare; tries the URL with and without
 * the default port, as Twilio may sign either).
 *
 * `url` must be the URL Twilio called, query included: behind a proxy that is the public URL,
 * not the one the server sees.
 * @see https://www.twilio.com/docs/usage/webhooks/webhooks-security
 * @see https://www.twilio.com/docs/api/errors/57012
 */
export function isSignedByTwilio(
  authToken: string,
  signature: string | undefined,
  url: string,
  params: FormParams,
): boolean {
  if (!signature) return false;
  return validateRequest(authToken, signature, url, params);
}
