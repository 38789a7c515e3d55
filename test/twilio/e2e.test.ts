import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInbound } from '../../src/channels/twilio/parse';
import { formParams } from '../../src/channels/twilio/verify';
import { createApp } from '../../src/runtime/app';
import { loadConfig } from '../../src/runtime/config';
import { sweep } from '../../src/runtime/deliver';
import { depsFromConfig } from '../../src/runtime/deps-from-config';
import { receive } from '../../src/runtime/inbound';
import { createMemoryLogger } from '../../src/runtime/log';
import { createMemoryStore } from '../../src/store/memory';
import { startFakeTwilio } from '../helpers/fake-twilio';
import { ACCOUNT_SID, AUTH_TOKEN, fixture, twilioRequest, withParams } from '../helpers/twilio';

/**
 * The Node wiring end to end over real sockets: configuration from the environment, the app
 * behind a (pretend) proxy at PUBLIC_URL, the REST sender against a local fake of Twilio.
 */
describe('Twilio end to end over HTTP', () => {
  const PUBLIC_URL = 'https://sira.example.org';
  let fake: Awaited<ReturnType<typeof startFakeTwilio>>;
  let server: ReturnType<typeof serve>;
  let base: string;
  let deps: ReturnType<typeof depsFromConfig>;

  beforeAll(async () => {
    fake = await startFakeTwilio();
    const config = loadConfig({
      PUBLIC_URL,
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_API_URL: fake.url,
      SIRA_SECRET: 'e2e-secret-that-is-long-enough-0123456789',
    });
    deps = depsFromConfig(
      { ...config, secret: config.secret as string },
      createMemoryStore(),
      createMemoryLogger(),
    );
    const app = createApp(deps, config);
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await fake.close();
  });

  /** What Twilio does: sign over the public URL, post to wherever the proxy forwards. */
  const post = (path: string, body: string) =>
    fetch(twilioRequest(`${base}${path}`, body, { signedUrl: `${PUBLIC_URL}${path}` }));

  it('answers a signed SMS with TwiML whose replies report to the status route', async () => {
    const res = await post('/webhooks/twilio', fixture('sms-hello-accents'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    const xml = await res.text();
    expect(xml).toMatch(
      /^<\?xml version="1\.0" encoding="UTF-8"\?><Response>(<Message action="https:\/\/sira\.example\.org\/webhooks\/twilio\/status">[^<]+<\/Message>)+<\/Response>$/,
    );
    const replay = await post('/webhooks/twilio', fixture('sms-hello-accents'));
    expect(await replay.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
  });

  it('sends outbox replies by REST from the number the person wrote to', async () => {
    // A reply that did not go out in a response (say, the response was never built).
    const body = withParams(fixture('whatsapp-text'), { MessageSid: `SM${'e'.repeat(32)}` });
    await receive(deps, parseInbound(formParams(body), Date.now()));
    await sweep(deps);
    expect(fake.sends).toHaveLength(1);
    expect(fake.sends[0]?.params).toMatchObject({
      To: 'whatsapp:+15550100005',
      From: 'whatsapp:+15550109998',
      StatusCallback: `${PUBLIC_URL}/webhooks/twilio/status`,
    });
    await sweep(deps);
    expect(fake.sends).toHaveLength(1); // sent once
  });

  it('records a signed status callback in the conversation it belongs to', async () => {
    await post('/webhooks/twilio', fixture('sms-hello-accents'));
    const res = await post('/webhooks/twilio/status', fixture('status-undelivered-21610'));
    expect(res.status).toBe(200);
    const key = await deps.pseudonymise('sms:+15550100001');
    expect((await deps.store.load(key))?.deliveries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ state: 'failed', error: { code: '21610' } }),
      ]),
    );
  });
});
