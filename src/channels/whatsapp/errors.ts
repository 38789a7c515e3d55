import type { ChannelError, ChannelErrorCode } from '../channel';

interface Meaning {
  code: ChannelErrorCode;
  retryable: boolean;
  /** The least wait before a retry, where Meta says how long. */
  retryAfterMs?: number;
}

/**
 * Cloud API error codes and what we do about them. Meta's rate limits come back as HTTP 400,
 * not 429, so the runtime branches on these codes, never on the HTTP status.
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes
 */
const META_ERRORS: Readonly<Record<number, Meaning>> = {
  // An expired or revoked token, or a permission the app lost, is our fault, not the reply's:
  // keep retrying (with backoff) until the operator fixes it, rather than dropping what the
  // person should receive. 200-299 are permission errors too (see `permission`).
  0: { code: 'auth_failed', retryable: true },
  10: { code: 'auth_failed', retryable: true },
  190: { code: 'auth_failed', retryable: true },
  4: { code: 'rate_limited', retryable: true },
  80007: { code: 'rate_limited', retryable: true },
  130429: { code: 'rate_limited', retryable: true },
  // Pair rate: about one message every 6 s to the same person.
  // @see https://developers.facebook.com/documentation/business-messaging/whatsapp/about-the-platform
  131056: { code: 'rate_limited', retryable: true, retryAfterMs: 6_000 },
  131000: { code: 'provider_unavailable', retryable: true },
  // The number is being moved to higher throughput; lasts about a minute.
  131057: { code: 'provider_unavailable', retryable: true },
  // Outside the 24-hour customer-service window only templates are allowed.
  131047: { code: 'outside_window', retryable: false },
  131026: { code: 'invalid_recipient', retryable: false },
  131050: { code: 'recipient_opted_out', retryable: false },
  131048: { code: 'rejected', retryable: false },
  131049: { code: 'rejected', retryable: false },
  131051: { code: 'rejected', retryable: false },
  131052: { code: 'rejected', retryable: false },
  131053: { code: 'rejected', retryable: false },
  100: { code: 'rejected', retryable: false },
  132000: { code: 'rejected', retryable: false },
  132001: { code: 'rejected', retryable: false },
  132015: { code: 'rejected', retryable: false },
};

/**
 * Our error for a Meta error code. A code not in the table is retried only when the HTTP status
 * says the server failed (5xx or 429); anything else would fail the same way again.
 */
export function classifyMetaError(metaCode: number | undefined, httpStatus: number): ChannelError {
  const known =
    metaCode === undefined ? undefined : (META_ERRORS[metaCode] ?? permission(metaCode));
  const providerCode = metaCode === undefined ? `http_${httpStatus}` : String(metaCode);
  if (known) return { ...known, providerCode };
  const serverSide = httpStatus >= 500 || httpStatus === 429;
  return {
    code: serverSide ? 'provider_unavailable' : 'rejected',
    retryable: serverSide,
    providerCode,
  };
}

/** Meta's API permission errors, 200 to 299: the app lost a permission the operator can restore. */
const permission = (metaCode: number): Meaning | undefined =>
  metaCode >= 200 && metaCode <= 299 ? { code: 'auth_failed', retryable: true } : undefined;

/** A network failure or timeout: nothing reached Meta, or we could not tell. Retry. */
export const UNREACHABLE: ChannelError = {
  code: 'provider_unavailable',
  retryable: true,
  providerCode: 'network',
};
