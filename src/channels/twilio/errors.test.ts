import { describe, expect, it } from 'vitest';
import { twilioError } from './errors';

describe('twilioError', () => {
  it.each([
    // [label, HTTP status, Twilio code, our code, retryable]
    ['unsubscribed (STOP)', 400, 21610, 'recipient_opted_out', false],
    ['invalid number', 400, 21211, 'invalid_recipient', false],
    ['not a mobile number', 400, 21614, 'invalid_recipient', false],
    ['outside the WhatsApp window', 400, 63016, 'outside_window', false],
    ['body too long', 400, 21617, 'rejected', false],
    ['region not enabled', 400, 21408, 'rejected', false],
    ['bad credentials', 401, 20003, 'auth_failed', true],
    ['too many requests', 429, 20429, 'rate_limited', true],
    ['queue full', 400, 21611, 'rate_limited', true],
    ['queue overflow', 400, 30001, 'rate_limited', true],
    ['WhatsApp rate limit', 400, 63018, 'rate_limited', true],
    ['unknown 4xx code', 400, 21999, 'rejected', false],
    ['5xx with a code', 503, 20500, 'provider_unavailable', true],
  ] as const)('%s: HTTP %i code %i → %s', (_label, status, code, ours, retryable) => {
    expect(twilioError(status, { code, message: 'x', status })).toEqual({
      code: ours,
      retryable,
      providerCode: String(code),
    });
  });

  it.each([
    [429, 'rate_limited', true],
    [500, 'provider_unavailable', true],
    [502, 'provider_unavailable', true],
    [401, 'auth_failed', true],
    [404, 'rejected', false],
  ] as const)('falls back on the HTTP status %i without a body', (status, code, retryable) => {
    expect(twilioError(status, null)).toEqual({ code, retryable });
  });

  it('passes Retry-After on for transient errors only', () => {
    expect(twilioError(429, null, 5000).retryAfterMs).toBe(5000);
    expect(twilioError(400, { code: 21610 }, 5000).retryAfterMs).toBeUndefined();
  });
});
