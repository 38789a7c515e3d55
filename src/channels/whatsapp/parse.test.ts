import { describe, expect, it } from 'vitest';
import { fixture } from '../../../test/helpers/meta';
import { parseWebhook } from './parse';
import { WebhookSchema } from './webhook-schema';

const parse = (name: string) => parseWebhook(WebhookSchema.parse(JSON.parse(fixture(name))));

describe('parseWebhook', () => {
  it.each([
    ['text', { type: 'text', text: "J'ai mangé à Bamako, où aller ? https://example.org/aide" }],
    ['interactive-button-reply', { type: 'choice', id: 'lang.fr', title: 'Français' }],
    ['interactive-list-reply', { type: 'choice', id: 'lang.en', title: 'English' }],
    ['button', { type: 'choice', id: 'lang.en', title: 'English' }],
    [
      'location',
      { type: 'location', latitude: 12.6392, longitude: -8.0029, name: 'Gare routière' },
    ],
    [
      'image',
      { type: 'media', media: 'image', caption: 'photo du papier', id: '1479537139650973' },
    ],
    ['audio', { type: 'media', media: 'audio', id: '1003383421387256' }],
    ['voice', { type: 'media', media: 'voice', id: '1003383421387257' }],
    ['video', { type: 'media', media: 'video', caption: 'regardez', id: '1286743252798530' }],
    [
      'document',
      { type: 'media', media: 'document', caption: 'mon passeport', id: '1452389289316745' },
    ],
    ['sticker', { type: 'media', media: 'sticker', id: '1228420045169405' }],
    ['contacts', { type: 'media', media: 'contacts' }],
    ['reaction', { type: 'media', media: 'reaction' }],
    ['unsupported', { type: 'unsupported', what: 'edit' }],
    ['system', { type: 'unsupported', what: 'system' }],
    ['unknown-type', { type: 'unsupported', what: 'hologram' }],
  ])('%s', (name, content) => {
    const { messages, statuses, dropped } = parse(name);
    expect(statuses).toEqual([]);
    expect(dropped).toBe(0);
    expect(messages).toEqual([
      {
        channel: 'whatsapp',
        messageId: `wamid.fixture.${name}`,
        from: '15550100101',
        at: expect.any(Number),
        content,
      },
    ]);
  });

  it('keys a person with a username on the business-scoped user id', () => {
    expect(parse('username-text').messages[0]?.from).toBe('US.13491208655302741918');
  });

  it('reads every entry, change and message of a batch', () => {
    const { messages } = parse('batch');
    expect(messages.map((m) => m.messageId)).toEqual([
      'wamid.batch.1',
      'wamid.batch.2',
      'wamid.batch.3',
      'wamid.batch.4',
      'wamid.batch.5',
      'wamid.batch.6',
    ]);
  });

  it.each([
    ['status-sent', 'sent', undefined],
    ['status-delivered', 'delivered', undefined],
    ['status-read', 'read', undefined],
    ['status-failed', 'failed', { code: '131047', title: 'Re-engagement message' }],
  ])('%s', (name, state, error) => {
    expect(parse(name)).toEqual({
      messages: [],
      dropped: 0,
      statuses: [
        {
          channel: 'whatsapp',
          providerMessageId: 'wamid.fake.1',
          state,
          at: 1763900060_000,
          recipient: '15550100101',
          reference: '6f1c2a4e-0d5b-4c1e-9a7f-000000000001',
          ...(error ? { error } : {}),
        },
      ],
    });
  });
});
