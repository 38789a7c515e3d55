import * as z from 'zod';
import type { ChannelError, ChannelErrorCode } from '../channel';

/**
 * Twilio error codes and what they mean for us, as data. Permanent errors are recorded and
 * never retried; transient ones go back to the outbox with backoff.
 * @see https://www.twilio.com/docs/api/errors
 */
const TWILIO_ERRORS: Readonly<Record<string, { code: ChannelErrorCode; retryable: boolean }>> = {
  /** The person sent STOP to this number: Twilio blocks every send until START. */
  '21610': { code: 'recipient_opted_out', retryable: false },
  /** Invalid 'To' phone number. */
  '21211': { code: 'invalid_recipient', retryable: false },
  /** 'To' is not a mobile number (a landline cannot receive SMS). */
  '21614': { code: 'invalid_recipient', retryable: false },
  /** WhatsApp: free-form message outside the 24-hour window; only a template may go. */
  '63016': { code: 'outside_window', retryable: false },
  /** Body longer than 1600 characters: the same request will always fail. */
  '21617': { code: 'rejected', retryable: false },
  /** Sending to this region is not enabled on the account. */
  '21408': { code: 'rejected', retryable: false },
  /**
   * Authentication failed. An operator error, not the message's fault: kept for retry (with
   * backoff) so replies are not lost while the credentials are fixed.
   */
  '20003': { code: 'auth_failed', retryable: true },
  /** Too many requests. */
  '20429': { code: 'rate_limited', retryable: true },
  /** Message queue full. */
  '21611': { code: 'rate_limited', retryable: true },
  /** Queue overflow. */
  '30001': { code: 'rate_limited', retryable: true },
  /** Channel (WhatsApp) rate limit. */
  '63018': { code: 'rate_limited', retryable: true },
};

/** Twilio's REST error body: `{ code, message, more_info, status }`. */
const ErrorBodySchema = z.object({ code: z.number().int() });

/**
 * Our error for a failed REST call: by Twilio's code when the table has it, else by HTTP status
 * (429 and 5xx transient, other 4xx permanent).
 */
export function twilioError(status: number, body: unknown, retryAfterMs?: number): ChannelError {
  const parsed = ErrorBodySchema.safeParse(body);
  const providerCode = parsed.success ? String(parsed.data.code) : undefined;
  const known = providerCode ? TWILIO_ERRORS[providerCode] : undefined;
  const error: ChannelError = known
    ? { ...known }
    : status === 429
      ? { code: 'rate_limited', retryable: true }
      : status >= 500
        ? { code: 'provider_unavailable', retryable: true }
        : status === 401
          ? { code: 'auth_failed', retryable: true }
          : { code: 'rejected', retryable: false };
  if (providerCode) error.providerCode = providerCode;
  if (error.retryable && retryAfterMs !== undefined) error.retryAfterMs = retryAfterMs;
  return error;
}

/** No answer at all (network error, timeout): Twilio may be down, try again later. */
export const UNREACHABLE: ChannelError = { code: 'provider_unavailable', retryable: true };
