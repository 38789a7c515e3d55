import { describe, expect, it } from 'vitest';
import { AddressError, createAddressCipher } from './address-cipher';

const SECRET = 'test-secret-that-is-long-enough-0123456789';
const NUMBER = '+15550100123';

describe('sealed addresses', () => {
  it('seals into a versioned form that does not contain the address, and opens it back', async () => {
    const cipher = createAddressCipher(SECRET);
    const sealed = await cipher.seal('key-a', NUMBER);
    expect(sealed).toMatch(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('5550100123');
    expect(await cipher.open('key-a', sealed)).toBe(NUMBER);
  });

  it('uses a fresh IV every time: the same address never seals the same way twice', async () => {
    const cipher = createAddressCipher(SECRET);
    const a = await cipher.seal('key-a', NUMBER);
    const b = await cipher.seal('key-a', NUMBER);
    expect(a).not.toBe(b);
    expect(a.split(':')[1]).not.toBe(b.split(':')[1]);
  });

  it.each([
    ['another conversation', async (s: string) => createAddressCipher(SECRET).open('key-b', s)],
    [
      'another secret',
      async (s: string) => createAddressCipher(`${SECRET}-other`).open('key-a', s),
    ],
    [
      'a changed ciphertext',
      async (s: string) => {
        // One character of the ciphertext changed to a different one, whatever it was.
        const at = s.length - 5;
        const flipped = s[at] === 'A' ? 'B' : 'A';
        return createAddressCipher(SECRET).open(
          'key-a',
          `${s.slice(0, at)}${flipped}${s.slice(at + 1)}`,
        );
      },
    ],
    ['a plain number', async () => createAddressCipher(SECRET).open('key-a', NUMBER)],
    ['bad base64', async () => createAddressCipher(SECRET).open('key-a', 'v1:!!:??')],
  ])('refuses to open with %s', async (_label, open) => {
    const sealed = await createAddressCipher(SECRET).seal('key-a', NUMBER);
    await expect(open(sealed)).rejects.toBeInstanceOf(AddressError);
  });
});
