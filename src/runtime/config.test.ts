import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('configuration from the environment', () => {
  it('runs with nothing set: port 8787, no channels, the default database path', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8787,
      production: false,
      store: { dbPath: './data/sira.db', redisPrefix: 'sira:' },
    });
    expect(config.store.redisUrl).toBeUndefined();
    expect(config.whatsapp).toBeUndefined();
    expect(config.twilio).toBeUndefined();
  });

  it('turns a channel on only when all its variables are set', () => {
    const some = loadConfig({ WHATSAPP_VERIFY_TOKEN: 'v', WHATSAPP_APP_SECRET: 's' });
    expect(some.whatsapp).toBeUndefined();
    const all = loadConfig({
      WHATSAPP_VERIFY_TOKEN: 'v',
      WHATSAPP_APP_SECRET: 's',
      WHATSAPP_ACCESS_TOKEN: 'a',
      WHATSAPP_PHONE_NUMBER_ID: '123',
      TWILIO_ACCOUNT_SID: 'AC1',
      TWILIO_AUTH_TOKEN: 't',
    });
    expect(all.whatsapp).toMatchObject({
      phoneNumberId: '123',
      graphUrl: 'https://graph.facebook.com/v24.0',
    });
    expect(all.twilio).toMatchObject({ accountSid: 'AC1', apiUrl: 'https://api.twilio.com' });
  });

  it('takes Redis and its key prefix from REDIS_URL and SIRA_REDIS_PREFIX', () => {
    const config = loadConfig({ REDIS_URL: 'redis://10.0.0.5:6379', SIRA_REDIS_PREFIX: 'ngo:' });
    expect(config.store).toMatchObject({ redisUrl: 'redis://10.0.0.5:6379', redisPrefix: 'ngo:' });
  });

  it('takes the reports target for a first human reply in minutes, 15 by default', () => {
    expect(loadConfig({}).staffConsole.firstReplyTargetMinutes).toBe(15);
    const set = loadConfig({ SIRA_FIRST_REPLY_TARGET_MINUTES: '30' });
    expect(set.staffConsole.firstReplyTargetMinutes).toBe(30);
    expect(() => loadConfig({ SIRA_FIRST_REPLY_TARGET_MINUTES: '0' })).toThrow(ConfigError);
  });

  it('keeps the staff store beside SIRA_DB, in memory beside a database in memory', () => {
    expect(loadConfig({}).staffConsole.staffDbPath).toBe('./data/staff.db');
    expect(loadConfig({ SIRA_DB: '/var/lib/sira/sira.db' }).staffConsole.staffDbPath).toBe(
      '/var/lib/sira/staff.db',
    );
    expect(loadConfig({ SIRA_DB: ':memory:' }).staffConsole.staffDbPath).toBe(':memory:');
    expect(loadConfig({ SIRA_STAFF_DB: '/srv/staff.db' }).staffConsole.staffDbPath).toBe(
      '/srv/staff.db',
    );
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(8787);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['PUBLIC_URL', 'not a url'],
    ['WHATSAPP_GRAPH_URL', 'localhost'],
    ['SIRA_SECRET', 'short'],
    ['SIRA_RETENTION_DAYS', '0'],
    ['SIRA_HOTLINE_HOURS', 'weekdays'],
    ['SIRA_SMS_FALLBACK_FROM', '0123'],
    ['REDIS_URL', 'http://127.0.0.1:6379'],
    ['SIRA_REDIS_PREFIX', 'has space'],
  ])('names the variable when %s=%s is invalid', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(
      new RegExp(`^Invalid configuration:\\n  ${name}: `),
    );
  });

  it('lists every invalid variable at once', () => {
    expect(() => loadConfig({ PORT: 'x', PUBLIC_URL: 'y' })).toThrow(/PORT.*\n.*PUBLIC_URL/s);
  });

  it('requires a secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SIRA_SECRET: required/);
  });
});
