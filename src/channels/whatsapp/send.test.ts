import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGraph, startFakeGraph } from '../../../test/helpers/fake-graph';
import type { Sender } from '../channel';
import { createWhatsAppSender, messageRequest } from './send';

let graph: FakeGraph;
let sender: Sender;
beforeAll(async () => {
  graph = await startFakeGraph();
  sender = createWhatsAppSender({
    graphUrl: graph.url,
    phoneNumberId: '106540352242922',
    accessToken: 'test-token',
    timeoutMs: 200,
  });
});
afterAll(() => graph.close());

describe('messageRequest', () => {
  it('renders text, buttons, lists and locations natively', () => {
    const options = [
      { id: 'a', title: 'Centres' },
      { id: 'b', title: 'Risques' },
    ];
    expect(messageRequest('15550100101', { kind: 'text', text: 'Bonjour' }, 'ref-1')).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '+15550100101',
      type: 'text',
      text: { body: 'Bonjour' },
      biz_opaque_callback_data: 'ref-1',
    });
    expect(
      JSON.parse(
        JSON.stringify(messageRequest('1', { kind: 'buttons', text: 'Choisir', buttons: options })),
      ).interactive,
    ).toEqual({
      type: 'button',
      body: { text: 'Choisir' },
      action: {
        buttons: [
          { type: 'reply', reply: { id: 'a', title: 'Centres' } },
          { type: 'reply', reply: { id: 'b', title: 'Risques' } },
        ],
      },
    });
    const list = { kind: 'list', text: 'Choisir', button: 'Voir', rows: options } as const;
    expect(JSON.parse(JSON.stringify(messageRequest('1', list))).interactive).toEqual({
      type: 'list',
      body: { text: 'Choisir' },
      action: { button: 'Voir', sections: [{ rows: options }] },
    });
    const centre = {
      kind: 'location',
      latitude: 12.6392,
      longitude: -8.0029,
      name: 'Centre',
      address: 'Bamako',
    } as const;
    expect(JSON.parse(JSON.stringify(messageRequest('1', centre)))).toMatchObject({
      type: 'location',
      location: { latitude: 12.6392, longitude: -8.0029, name: 'Centre', address: 'Bamako' },
    });
  });

  it('sends to a business-scoped user id as it came, without "+"', () => {
    expect(messageRequest('US.1349', { kind: 'text', text: 'x' }).to).toBe('US.1349');
  });
});

describe('createWhatsAppSender', () => {
  it('posts to the configured Graph API with the token and returns the message id', async () => {
    const result = await sender.send('15550100101', { kind: 'text', text: 'Bonjour' });
    expect(result).toEqual({ ok: true, providerId: expect.stringMatching(/^wamid\./) });
    expect(graph.requests.at(-1)).toMatchObject({
      path: '/v24.0/106540352242922/messages',
      authorization: 'Bearer test-token',
    });
  });

  it.each([
    [{ status: 400, code: 130429 }, 'rate_limited', true],
    [{ status: 400, code: 131056 }, 'rate_limited', true],
    [{ status: 500, code: 131000 }, 'provider_unavailable', true],
    [{ status: 502 }, 'provider_unavailable', true],
    [{ delayMs: 400 }, 'provider_unavailable', true],
    [{ status: 400, code: 131047 }, 'outside_window', false],
    [{ status: 400, code: 131026 }, 'invalid_recipient', false],
    [{ status: 400, code: 100 }, 'rejected', false],
    [{ status: 400, code: 999999 }, 'rejected', false],
  ])('classifies %j by Meta’s code', async (fault, code, retryable) => {
    graph.failNext(fault);
    const result = await sender.send('15550100101', { kind: 'text', text: 'x' });
    expect(result).toMatchObject({ ok: false, error: { code, retryable } });
  });

  it('refuses, without sending, a message beyond WhatsApp’s limits', async () => {
    const before = graph.requests.length;
    const buttons = [{ id: 'a', title: 'a title much longer than twenty' }];
    const result = await sender.send('1', { kind: 'buttons', text: 'x', buttons });
    expect(result).toMatchObject({ ok: false, error: { code: 'rejected', retryable: false } });
    expect(graph.requests).toHaveLength(before);
  });

  it('marks a message read', async () => {
    await sender.markRead?.('wamid.in.1');
    expect(graph.requests.at(-1)?.body).toEqual({
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: 'wamid.in.1',
    });
  });
});
