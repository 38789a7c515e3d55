import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from './log';

describe('the redacting logger', () => {
  it('never writes fields outside the allow-list', () => {
    const log = createMemoryLogger();
    log.info('message.received', {
      text: 'I am in Gao, call me',
      from: '+15550100009',
      key: 'abc',
    });
    expect(log.lines).toEqual([
      '{"level":"info","event":"message.received","text":"[redacted]","from":"[redacted]","key":"abc"}',
    ]);
  });

  it('masks anything that looks like a phone number even in allowed fields', () => {
    const log = createMemoryLogger();
    log.warn('odd', { detail: 'sent to +1 555 010 0009 failed', code: '21211' });
    expect(log.lines[0]).not.toContain('555');
    expect(log.lines[0]).toContain('21211');
  });
});
