import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeTwilio } from '../../../test/helpers/fake-twilio';
import { ACCOUNT_SID, AUTH_TOKEN } from '../../../test/helpers/twilio';
import { createTwilioSender } from './send';

describe('createTwilioSender against a local fake of Twilio', () => {
  let fake: Awaited<ReturnType<typeof startFakeTwilio>>;
  let sender: ReturnType<typeof createTwilioSender>;
  const text = { kind: 'text', text: 'Centre de Gao : ouvert' } as const;
  const from = { from: '+15550109999' };

  beforeAll(async () => {
    fake = await startFakeTwilio();
    sender = createTwilioSender({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      apiUrl: fake.url,
      statusCallback: 'https://sira.example.org/webhooks/twilio/status',
      timeoutMs: 300,
    });
  });
  afterAll(() => fake.close());

  it('posts To, From, Body and StatusCallback with Basic auth', async () => {
    const result = await sender.send('+15550100001', text, from);
    expect(result).toEqual({ ok: true, providerId: `SM${'1'.padStart(32, '0')}` });
    expect(fake.sends.at(-1)).toEqual({
      accountSid: ACCOUNT_SID,
      authorization: `Basic ${btoa(`${ACCOUNT_SID}:${AUTH_TOKEN}`)}`,
      params: {
        To: '+15550100001',
        From: '+15550109999',
        Body: 'Centre de Gao : ouvert',
        StatusCallback: 'https://sira.example.org/webhooks/twilio/status',
      },
    });
  });

  it('sends WhatsApp through the same endpoint with whatsapp: addresses', async () => {
    await sender.send('whatsapp:+15550100005', text, { from: 'whatsapp:+15550109998' });
    expect(fake.sends.at(-1)?.params).toMatchObject({
      To: 'whatsapp:+15550100005',
      From: 'whatsapp:+15550109998',
    });
  });

  it('reports transient failures as retryable, with Retry-After', async () => {
    fake.failNext({ status: 500 }, { status: 429, code: 20429, headers: { 'retry-after': '7' } });
    expect(await sender.send('+15550100001', text, from)).toEqual({
      ok: false,
      error: { code: 'provider_unavailable', retryable: true },
    });
    expect(await sender.send('+15550100001', text, from)).toEqual({
      ok: false,
      error: { code: 'rate_limited', retryable: true, providerCode: '20429', retryAfterMs: 7000 },
    });
  });

  it('reports a timeout as retryable', async () => {
    fake.failNext({ hang: true });
    expect(await sender.send('+15550100001', text, from)).toEqual({
      ok: false,
      error: { code: 'provider_unavailable', retryable: true },
    });
  });

  it.each([
    [21610, 'recipient_opted_out'],
    [21211, 'invalid_recipient'],
    [63016, 'outside_window'],
  ] as const)('reports Twilio %i as permanent %s', async (code, ours) => {
    fake.failNext({ status: 400, code });
    expect(await sender.send('+15550100001', text, from)).toEqual({
      ok: false,
      error: { code: ours, retryable: false, providerCode: String(code) },
    });
  });

  it('refuses to send without our number to send from', async () => {
    const before = fake.sends.length;
    expect(await sender.send('+15550100001', text)).toMatchObject({ ok: false });
    expect(fake.sends.length).toBe(before);
  });
});
