import { describe, expect, it } from 'vitest';
import { rawContent } from '../../content/bundle';
import { compileContent } from '../../content/compile';
import type { ChannelId, Outbound } from '../messages';
import type { ConversationRecord } from '../record';
import { step } from '../step';

const content = compileContent(rawContent);

/** Send messages one after the other on a channel; return each turn's texts and the record. */
function talk(channel: ChannelId, ...texts: string[]) {
  let record: ConversationRecord | null = null;
  let n = 0;
  const turns: { out: string[]; record: ConversationRecord }[] = [];
  for (const text of texts) {
    const result = step(
      record,
      {
        type: 'message',
        key: 'k',
        message: {
          channel,
          messageId: `m${n}`,
          from: '+223',
          at: 0,
          content: { type: 'text', text },
        },
      },
      { now: 0, newId: () => `id${n++}`, content, ttlMs: 1000, transcriptMs: 1000 },
    );
    record = { ...result.record, outbox: [] };
    turns.push({ out: result.sends.map((s) => textOf(s.message)), record });
  }
  return turns;
}

const textOf = (m: Outbound) => ('text' in m ? m.text : '');

describe('free text in a conversation', () => {
  it('answers a first question in its language without asking for one', () => {
    const [first] = talk('sms', 'où est le centre de Gao ?');
    expect(first?.record.ctx.lng).toBe('fr');
    expect(first?.record.ctx.pos).toEqual({ flow: 'centres', node: 'gao' });
    expect(first?.out.join('\n')).toContain('Maison du Migrant');
  });

  it('asks for the language when the first message is not clear', () => {
    const [first] = talk('sms', 'gao');
    expect(first?.record.state).toBe('choosingLanguage');
    expect(first?.out[0]).toContain('Bamanankan');
  });

  it('sends a long SMS answer in parts, the next one on "0", and keeps only an index', () => {
    const [, , first, second] = talk('sms', '1', '1', '1', '0');
    expect(first?.out[0]).toMatch(/\(1\/\d\) 0 = suite$/);
    expect(second?.record.ctx.part).toBe(1);
    expect(second?.out[0]).not.toBe(first?.out[0]);
    expect(JSON.stringify(second?.record.ctx)).not.toContain('Bamako,');
  });

  it('answers a question typed inside a menu, and "back" returns to that menu', () => {
    const turns = talk('whatsapp', '2', 'how I fit go back Nigeria', 'back');
    expect(turns[1]?.record.ctx.pos).toEqual({ flow: 'return', node: 'steps' });
    expect(turns[2]?.record.ctx.pos).toEqual({ flow: 'main', node: 'menu' });
  });

  it('offers close matches as numbered choices that a digit follows', () => {
    const turns = talk('sms', '1', 'femmes', '2');
    expect(turns[1]?.record.ctx.offer).toEqual(['risks.women', 'contacts.women']);
    expect(turns[2]?.record.ctx.pos).toEqual({ flow: 'contacts', node: 'women' });
    expect(turns[2]?.record.ctx.offer).toBeUndefined();
  });

  it('leaves global commands to the commands', () => {
    const turns = talk('sms', '1', 'menu', 'langue');
    expect(turns[1]?.record.ctx.pos).toEqual({ flow: 'main', node: 'menu' });
    expect(turns[2]?.record.state).toBe('choosingLanguage');
  });

  it('says it did not understand only when search finds nothing', () => {
    const turns = talk('sms', '1', 'bla bla');
    expect(turns[1]?.out[0]).toContain("Je n'ai pas compris");
  });

  it('stays safe on bad input', () => {
    for (const text of ['', '🙏🙏', 'x'.repeat(5000), 'a\u0000b\u202ec', 'أين المركز']) {
      const turns = talk('sms', '2', text);
      expect(turns[1]?.out.length).toBeGreaterThan(0);
    }
  });
});
