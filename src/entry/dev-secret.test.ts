import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/temp';
import { developmentSecret } from './dev-secret';

describe('the development secret', () => {
  it('is made once, kept beside the database for the next start, readable by its owner only', () => {
    const db = join(tempDir('dev-secret'), 'data', 'sira.db');
    const first = developmentSecret(db);
    expect(first.created).toBe(true);
    expect(first.secret.length).toBeGreaterThanOrEqual(32);
    const again = developmentSecret(db);
    expect(again).toEqual({ secret: first.secret, created: false });
    expect(statSync(join(db, '..', 'dev-secret')).mode & 0o777).toBe(0o600);
  });
});
