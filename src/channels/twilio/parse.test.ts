import { describe, expect, it } from 'vitest';
import { fixture } from '../../../test/helpers/twilio';
import { parseInbound, parseStatus, TwilioPayloadError } from './parse';
import { formParams } from './verify';

const AT = 1_800_000_000_000;
const parse = (name: string) => parseInbound(formParams(fixture(name)), AT);

describe('parseInbound', () => {
  it('keeps accented SMS text exactly, with our number as `to`', () => {
    expect(parse('sms-hello-accents')).toEqual({
      channel: 'sms',
      messageId: `SM${'1'.repeat(32)}`,
      from: '+15550100001',
      to: '+15550109999',
      at: AT,
      content: {
        type: 'text',
        text: "Bonjour, j'ai besoin d'aide à Ségou : où est le centre ? « merci »",
      },
    });
  });

  it('keeps Bambara letters', () => {
    expect(parse('sms-bambara').content).toEqual({
      type: 'text',
      text: 'I ni ce, n bɛ Gao. Ɲɛnajɛ tɛ, n ka dɔgɔ bɛ yan ŋ',
    });
  });

  it('reads an MMS as media', () => {
    expect(parse('mms-image')).toMatchObject({
      messageId: `MM${'4'.repeat(32)}`,
      content: { type: 'media', media: 'image' },
    });
  });

  it('routes whatsapp: senders to the Twilio WhatsApp channel, prefix kept for the reply', () => {
    expect(parse('whatsapp-text')).toMatchObject({
      channel: 'twilio-whatsapp',
      from: 'whatsapp:+15550100005',
      to: 'whatsapp:+15550109998',
      content: { type: 'text', text: 'Salut, je suis à Kayes, j’ai faim' },
    });
  });

  it('reads a shared WhatsApp location', () => {
    expect(parse('whatsapp-location').content).toEqual({
      type: 'location',
      latitude: 12.6392,
      longitude: -8.0029,
      name: 'Bamako',
    });
  });

  it('refuses a form without MessageSid, or with it twice', () => {
    expect(() => parse('malformed-no-sid')).toThrow(TwilioPayloadError);
    const twice = `${fixture('sms-digit')}&MessageSid=SM${'0'.repeat(32)}`;
    expect(() => parseInbound(formParams(twice), AT)).toThrow(TwilioPayloadError);
  });
});

describe('parseStatus', () => {
  it('reads a delivery report with the person as `to`', () => {
    expect(parseStatus(formParams(fixture('status-delivered')), AT)).toEqual({
      to: '+15550100001',
      status: {
        channel: 'sms',
        providerMessageId: `SM${'8'.repeat(32)}`,
        state: 'delivered',
        at: AT,
      },
    });
  });

  it('keeps the error code of a failure', () => {
    expect(parseStatus(formParams(fixture('status-undelivered-21610')), AT)?.status).toMatchObject({
      state: 'failed',
      error: { code: '21610' },
    });
  });

  it('ignores statuses of received messages and refuses unknown ones', () => {
    const received = formParams(fixture('status-delivered').replace(/=delivered/g, '=received'));
    expect(parseStatus(received, AT)).toBeNull();
    const odd = formParams(fixture('status-delivered').replace(/=delivered/g, '=toString'));
    expect(() => parseStatus(odd, AT)).toThrow(TwilioPayloadError);
  });
});
