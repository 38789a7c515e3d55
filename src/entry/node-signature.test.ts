import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSignatureVerifier } from '../channels/whatsapp/signature';
import { createNodeSignatureVerifier } from './node-signature';

const bytes = (s: string) => new TextEncoder().encode(s);
const sign = (key: string, body: string) =>
  `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;

describe('WhatsApp signatures with node:crypto', () => {
  const raw = '{"t":"mang\\u00e9 \\/"}';
  const good = sign('secret', raw);
  const cases: [string, string, string, string | undefined, boolean][] = [
    ['the right signature', 'secret', raw, good, true],
    [
      'the right signature in upper-case hex',
      'secret',
      raw,
      `sha256=${good.slice(7).toUpperCase()}`,
      true,
    ],
    ['another key', 'other', raw, good, false],
    ['a re-serialised body', 'secret', JSON.stringify(JSON.parse(raw)), good, false],
    ['no header', 'secret', raw, undefined, false],
    ['no prefix', 'secret', raw, good.slice(7), false],
    ['short hex', 'secret', raw, good.slice(0, -2), false],
    ['not hex', 'secret', raw, `${good.slice(0, -1)}g`, false],
  ];

  it.each(cases)(
    'answers as the Web Crypto verifier for %s',
    async (_, key, body, header, valid) => {
      const node = createNodeSignatureVerifier(key)(bytes(body), header);
      expect(node).toBe(valid);
      expect(await createSignatureVerifier(key)(bytes(body), header)).toBe(valid);
    },
  );
});
