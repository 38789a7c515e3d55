import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemoryStaffStore } from '../../src/store/staff-memory';
import { createRedisStaffStore } from '../../src/store/staff-redis';
import { createSqliteStaffStore } from '../../src/store/staff-sqlite';
import {
  cleanPrefixAfterAll,
  inspector,
  keysUnder,
  REDIS_URL,
  redisReady,
  testPrefix,
} from '../helpers/redis';
import { tempDir } from '../helpers/temp';
import { accountFor, staffStoreContract } from './staff.contract';

const dir = tempDir('staff');
const ready = await redisReady();
const prefix = testPrefix();

staffStoreContract('memory', () => createMemoryStaffStore());
staffStoreContract('sqlite', () => createSqliteStaffStore({ path: join(dir, 'a', 'staff.db') }));
describe.skipIf(!ready)('redis', () => {
  cleanPrefixAfterAll(prefix);
  staffStoreContract('redis', () => createRedisStaffStore({ url: REDIS_URL, prefix }));

  it('puts session keys under the prefix with an expiry, and accounts without', async () => {
    const store = await createRedisStaffStore({ url: REDIS_URL, prefix });
    const look = await inspector();
    await store.putSession({
      id: 'x'.repeat(64),
      username: 'awa',
      epoch: 0,
      csrf: 't',
      createdAt: 0,
      seenAt: 0,
      expiresAt: Date.now() + 60_000,
    });
    const keys = await keysUnder(look, `${prefix}staff:s:`);
    expect(keys).toHaveLength(1);
    expect(await look.pTTL(keys[0] as string)).toBeGreaterThan(0);
    await store.close();
    await look.close();
  });
});

describe('sqlite staff store', () => {
  it('lets a second process-like connection write while the first is open (npm run staff)', async () => {
    const path = join(dir, 'b', 'staff.db');
    const server = createSqliteStaffStore({ path });
    const cli = createSqliteStaffStore({ path });
    await cli.putAccount(accountFor('admin', { role: 'admin' }));
    expect((await server.account('admin'))?.role).toBe('admin');
    await cli.close();
    await server.close();
  });

  it('keeps accounts and the audit log across a reopen', async () => {
    const path = join(dir, 'c', 'staff.db');
    const first = createSqliteStaffStore({ path });
    await first.putAccount(accountFor('awa'));
    await first.audit({ at: 1, actor: 'awa', action: 'login' });
    await first.close();
    const second = createSqliteStaffStore({ path });
    expect((await second.account('awa'))?.username).toBe('awa');
    expect(await second.auditLog(10)).toEqual([{ at: 1, actor: 'awa', action: 'login' }]);
    await second.close();
  });
});
