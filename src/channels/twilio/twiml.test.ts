import { describe, expect, it } from 'vitest';
import { twiml } from './twiml';

const text = (t: string) => ({ kind: 'text' as const, text: t });
const messages = (xml: string) => [...xml.matchAll(/<Message[^>]*>([^<]*)<\/Message>/g)];

describe('a TwiML answer', () => {
  it('holds one Message per reply, with the status callback when given', () => {
    const xml = twiml([text('Bonjour'), text('1. Aide')], 'https://sira.example.org/s');
    expect(messages(xml).map((m) => m[1])).toEqual(['Bonjour', '1. Aide']);
    expect(xml).toContain('action="https://sira.example.org/s"');
  });

  it('is the same answer when asked again, and a different one for anything else', () => {
    const first = twiml([text('a'), text('b')]);
    expect(twiml([text('a'), text('b')])).toBe(first);
    expect(messages(twiml([text('a\nb')])).map((m) => m[1])).toEqual(['a\nb']);
    expect(twiml([text('a'), text('b')], 'https://sira.example.org/s')).not.toBe(first);
    expect(twiml([])).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
  });
});
