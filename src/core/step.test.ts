import { describe, expect, it } from 'vitest';
import { testContent } from '../../test/helpers/test-content';
import { createUniverse } from '../../test/helpers/universe';
import { MACHINE_VERSION } from './conversation/machine';
import type { ChannelId, InboundContent, Outbound } from './messages';
import type { ConversationRecord } from './record';
import { step } from './step';

const content = testContent();

/** Play a conversation through `step` alone and return each turn's texts and the last record. */
function play(inputs: (string | InboundContent)[], channel: ChannelId = 'sms') {
  const u = createUniverse();
  let record: ConversationRecord | null = null;
  const turns: string[][] = [];
  inputs.forEach((input, i) => {
    const result = step(
      record,
      {
        type: 'message',
        key: 'k',
        message: {
          channel,
          messageId: `m${i}`,
          from: '+15550100001',
          at: u.now(),
          content: typeof input === 'string' ? { type: 'text', text: input } : input,
        },
      },
      { now: u.now(), newId: u.newId, content, ttlMs: 1000, transcriptMs: 1000 },
    );
    record = result.record;
    turns.push(result.sends.map((s) => text(s.message)));
  });
  return { turns, record: record as unknown as ConversationRecord };
}

const text = (m: Outbound) => ('text' in m ? m.text : m.name);

describe('step', () => {
  it('asks a new contact for a language, in every language, then shows the menu', () => {
    const { turns, record } = play(['hello', '2']);
    expect(turns[0]).toEqual(['fr: choose\nen: choose\n1. Francais\n2. English']);
    // The privacy notice comes once, with the first screen in the person's language.
    expect(turns[1]).toEqual([
      'en: chosen\n\nen: privacy notice 0/0\nen: menu\n1. en A\n2. en many\n3. en chain',
    ]);
    expect(record.state).toBe('inFlow');
    expect(record.ctx.lng).toBe('en');
  });

  it('keeps the record small, versioned and sequenced', () => {
    const { record } = play(['hello', '2', '1']);
    expect(record).toMatchObject({ seq: 3, mv: MACHINE_VERSION, rev: content.rev, key: 'k' });
    expect(record.expiresAt).toBe(record.updatedAt + 1000);
    const persisted = JSON.stringify({ ...record, outbox: [] });
    expect(persisted.length).toBeLessThan(1024);
  });

  it('puts every reply in the outbox, due at once', () => {
    const { record } = play(['hello']);
    expect(record.outbox).toEqual([
      expect.objectContaining({
        id: 'id-0001',
        inReplyTo: 'm0',
        attempts: 0,
        dueAt: record.updatedAt,
      }),
    ]);
  });

  it('accepts a language by name or code, whatever the case and accents', () => {
    expect(play(['FRANCAIS']).record.ctx.lng).toBe('fr');
    expect(play(['hi', 'en']).record.ctx.lng).toBe('en');
  });

  it('runs global commands from any state, in any case, with or without accents', () => {
    const { turns, record } = play(['x', '1', '1', 'AIDE', 'Retour', 'LANGUE', '2']);
    expect(turns[3]?.[0]).toMatch(/^fr: help\nfr: the answer/);
    expect(turns[4]?.[0]).toMatch(/^fr: menu/);
    expect(turns[5]?.[0]).toMatch(/^fr: choose\nen: choose/);
    expect(record.ctx.lng).toBe('en');
  });

  it('answers media it cannot read with what it can do, on WhatsApp too', () => {
    const { turns } = play(['x', '2', { type: 'media', media: 'voice' }], 'whatsapp');
    expect(turns[2]?.[0]).toMatch(/^en: cannot read\n\nen: menu/);
  });

  it('answers a well-formed message type it does not know', () => {
    const { turns } = play(['x', '2', { type: 'unsupported', what: 'order' }]);
    expect(turns[2]?.[0]).toMatch(/^en: cannot read/);
  });

  describe('bad input gets a sensible reply and keeps the state consistent', () => {
    const cases: [string, string][] = [
      ['empty text', ''],
      ['only emoji', '🙏🙏😢'],
      ['5,000 characters', 'a'.repeat(5000)],
      ['control characters', '\u0000\u0007\u001b[31m1\u0008'],
      ['right-to-left text', '\u202eمرحبا\u202c'],
      ['a digit out of range', '42'],
      ['whitespace only', ' \n\t '],
    ];
    for (const [name, input] of cases) {
      it(name, () => {
        const { turns, record } = play(['x', '2', input]);
        expect(turns[2]?.[0]).toMatch(/^en: not understood\nen: menu\n1\. en A/);
        expect(record.state).toBe('inFlow');
        expect(record.ctx.pos).toEqual({ flow: 'main', node: 'menu' });
      });
    }

    it('a reply to a menu that is no longer shown', () => {
      const { turns, record } = play(['x', '2', '1', { type: 'choice', id: 'main.menu.many' }]);
      expect(turns[3]?.[0]).toMatch(/^en: many/);
      expect(record.ctx.pos?.node).toBe('many');
    });

    it('an unknown button id before a language is chosen', () => {
      const { turns, record } = play([{ type: 'choice', id: 'lang.xx' }]);
      expect(turns[0]?.[0]).toMatch(/^fr: choose/);
      expect(record.state).toBe('choosingLanguage');
    });
  });

  it('restarts a record written by another machine version at the language choice', () => {
    const { record } = play(['x', '2']);
    const u = createUniverse();
    const old = { ...record, mv: MACHINE_VERSION + 1 };
    const r = step(
      old,
      {
        type: 'message',
        key: 'k',
        message: {
          channel: 'sms',
          messageId: 'z',
          from: 'a',
          at: 0,
          content: { type: 'text', text: '1' },
        },
      },
      { now: u.now(), newId: u.newId, content, ttlMs: 1, transcriptMs: 1 },
    );
    expect(r.record.ctx.lng).toBe('fr');
    expect(r.record.seq).toBe(record.seq + 1);
  });

  it('transliterates SMS to GSM-7 but not WhatsApp', () => {
    expect(play(['x'], 'sms').turns[0]?.[0]).toContain('Francais');
    expect(play(['x'], 'whatsapp').turns[0]?.[0]).toContain('fr: choose');
  });
});
