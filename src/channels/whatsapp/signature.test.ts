import { describe, expect, it } from 'vitest';
import { createSignatureVerifier } from './signature';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('createSignatureVerifier', () => {
  // Computed with Web Crypto for channels.md A5: key "secret", body "test".
  const vector = 'sha256=0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914';

  it('accepts the known test vector', async () => {
    expect(await createSignatureVerifier('secret')(bytes('test'), vector)).toBe(true);
  });

  it.each([
    ['another key', 'other', vector],
    ['missing header', 'secret', undefined],
    ['no prefix', 'secret', vector.slice('sha256='.length)],
    ['short hex', 'secret', vector.slice(0, -2)],
    ['not hex', 'secret', `${vector.slice(0, -1)}g`],
  ])('refuses %s', async (_, key, header) => {
    expect(await createSignatureVerifier(key)(bytes('test'), header)).toBe(false);
  });

  it('checks the raw bytes, so a re-serialised body does not match', async () => {
    const verify = createSignatureVerifier('secret');
    const raw = '{"t":"mang\\u00e9 \\/"}';
    const key = await crypto.subtle.importKey(
      'raw',
      bytes('secret'),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, bytes(raw)));
    const header = `sha256=${[...mac].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
    expect(await verify(bytes(raw), header)).toBe(true);
    expect(await verify(bytes(JSON.stringify(JSON.parse(raw))), header)).toBe(false);
  });
});
