/**
 * Log hygiene (DP-5): conversations full of phone numbers, names and disclosures go through
 * every route of the app (both webhooks and their status routes, good and bad signatures,
 * malformed bodies, health), the hotline's actions, failed and retried sends, erasure and the
 * phone-safety word. Not one log line, and nothing written to the console, may contain any of
 * them.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rawContent } from '../../src/content/bundle';
import { compileContent } from '../../src/content/compile';
import { createHandoffService } from '../../src/handoff/service';
import { createApp } from '../../src/runtime/app';
import { sweep } from '../../src/runtime/deliver';
import { fixture as metaFixture, metaRequest, signMeta } from '../helpers/meta';
import { createScriptedSender, testDeps } from '../helpers/runtime';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  fixture as twilioFixture,
  twilioRequest,
  withParams,
} from '../helpers/twilio';
import { whatsappTextBody } from '../helpers/whatsapp-body';

const content = compileContent(rawContent);
const ORIGIN = 'http://localhost';
const APP_SECRET = 'log-test-app-secret';
const VERIFY_TOKEN = 'log-test-verify-token';

const AMINATA = '15550100051';
const BLESSING = '+15550100052';
const KADI = 'whatsapp:+15550100053';
/** Everything that identifies someone or says what happened to them. */
const SECRETS = [
  '5550100051',
  '5550100052',
  '5550100053',
  'Aminata',
  'Diallo',
  'Blessing',
  'Eze',
  'Kadiatou',
  'mon mari',
  'passport',
  'passeport',
  'are you safe',
  'Gao',
];

/** A Cloud API webhook with one text message, as Meta posts it. */
function whatsappStatus(recipient: string): string {
  const envelope = JSON.parse(metaFixture('status-failed'));
  envelope.entry[0].changes[0].value.statuses[0].recipient_id = recipient;
  return JSON.stringify(envelope);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('log lines', () => {
  it('never carry a number, a name or what anyone wrote, on any route or action', async () => {
    const printed: string[] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        printed.push(args.map(String).join(' '));
      });
    }
    const scripted = createScriptedSender([
      { ok: true, providerId: 'p1' },
      { ok: false, error: { code: 'provider_unavailable', retryable: true } },
      { ok: false, error: { code: 'invalid_recipient', retryable: false, providerCode: '21211' } },
    ]);
    const t = testDeps({
      content,
      senders: {
        sms: scripted.sender,
        whatsapp: scripted.sender,
        'twilio-whatsapp': scripted.sender,
      },
    });
    const app = createApp(t.deps, {
      whatsapp: { verifyToken: VERIFY_TOKEN, appSecret: APP_SECRET },
      twilio: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiUrl: 'http://unused' },
    });
    const hotline = createHandoffService(t.deps);
    let n = 0;
    const wa = async (from: string, name: string, body: string, signature?: string) => {
      const raw = whatsappTextBody(from, `wamid.log.${++n}`, body, 1_763_900_000_000, name);
      return app.request(
        await metaRequest(`${ORIGIN}/webhooks/whatsapp`, raw, APP_SECRET, signature),
      );
    };
    const sms = (from: string, body: string, options = {}) =>
      app.request(
        twilioRequest(
          `${ORIGIN}/webhooks/twilio`,
          withParams(twilioFixture('sms-digit'), {
            From: from,
            Body: body,
            MessageSid: `SM${String(++n).padStart(32, '0')}`,
          }),
          options,
        ),
      );

    // Health and Meta's handshake (a wrong token, a number as the challenge).
    expect((await app.request(`${ORIGIN}/healthz`)).status).toBe(200);
    const handshake = `${ORIGIN}/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=${AMINATA}`;
    expect((await app.request(`${handshake}&hub.verify_token=${VERIFY_TOKEN}`)).status).toBe(200);
    expect((await app.request(`${handshake}&hub.verify_token=${AMINATA}`)).status).toBe(403);

    // WhatsApp: a disclosure with a name and a number, a bad signature, malformed bodies.
    const aminata = 'Aminata Diallo';
    expect((await wa(AMINATA, aminata, 'Bonjour je suis Aminata Diallo')).status).toBe(200);
    expect((await wa(AMINATA, aminata, 'mon mari me bat, appelez le +15550100051')).status).toBe(
      200,
    );
    expect((await wa(AMINATA, aminata, 'Aminata Diallo', 'sha256=00')).status).toBe(401);
    for (const body of [`{"from":"${AMINATA}"`, `{"object":"${aminata}","entry":[]}`]) {
      const response = await app.request(`${ORIGIN}/webhooks/whatsapp`, {
        method: 'POST',
        headers: { 'x-hub-signature-256': await signMeta(body, APP_SECRET) },
        body,
      });
      expect(response.status).toBe(400);
    }
    const status = whatsappStatus(AMINATA);
    await app.request(`${ORIGIN}/webhooks/whatsapp`, {
      method: 'POST',
      headers: { 'x-hub-signature-256': await signMeta(status, APP_SECRET) },
      body: status,
    });

    // Twilio SMS and WhatsApp: names, a passport, bad signatures, a malformed form, statuses.
    expect((await sms(BLESSING, 'My name is Blessing Eze')).status).toBe(200);
    expect((await sms(BLESSING, '2')).status).toBe(200);
    expect((await sms(BLESSING, 'they took my passport, Blessing Eze, in Gao')).status).toBe(200);
    expect((await sms(BLESSING, 'Blessing Eze', { token: 'wrong' })).status).toBe(403);
    expect((await sms(KADI, 'Kadiatou ici, passeport perdu')).status).toBe(200);
    expect((await sms(KADI, 'METEO')).status).toBe(200);
    const malformed = withParams(twilioFixture('malformed-no-sid'), { From: BLESSING });
    expect((await app.request(twilioRequest(`${ORIGIN}/webhooks/twilio`, malformed))).status).toBe(
      400,
    );
    const undelivered = withParams(twilioFixture('status-undelivered-21610'), { To: BLESSING });
    await app.request(twilioRequest(`${ORIGIN}/webhooks/twilio/status`, undelivered));
    const wrongType = await app.request(`${ORIGIN}/webhooks/twilio`, {
      method: 'POST',
      headers: { 'x-twilio-signature': 'x', 'content-type': 'text/plain' },
      body: `From=${BLESSING}&Body=Blessing`,
    });
    expect(wrongType.status).toBe(403);

    // The hotline works both escalations; one person erases.
    const keys = (await hotline.queue()).map((r) => r.key);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      await hotline.claim(key, 'awa');
      await hotline.reply(key, 'awa', 'Aminata, Blessing: are you safe? +15550100052');
      await hotline.note(key, 'awa', 'Blessing Eze, passport held in Gao');
      await hotline.transfer(key, 'awa', 'issa');
    }
    await hotline.close(keys[0] as string, 'issa', 'referred');
    expect((await sms(BLESSING, 'DELETE')).status).toBe(200);
    expect((await sms(BLESSING, 'yes')).status).toBe(200);
    await sweep(t.deps);
    t.universe.advance(3_600_000);
    await sweep(t.deps);

    const lines = [...t.log.lines, ...printed];
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.some((l) => l.includes('conversation.erased'))).toBe(true);
    expect(lines.some((l) => l.includes('send.failed') || l.includes('send.retry'))).toBe(true);
    for (const secret of SECRETS) {
      expect(lines.filter((l) => l.includes(secret))).toEqual([]);
    }
  });
});
