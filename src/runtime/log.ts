/**
 * Structured logging that cannot leak what people tell us: only an allow-list of fields is
 * written, and any digits that look like a phone number are masked even there. Message text,
 * addresses and names never reach a log line.
 */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

/** Fields that may be logged: codes, counts, pseudonymous keys, never content. */
const ALLOWED = new Set([
  'channel',
  'code',
  'count',
  'detail',
  'durationMs',
  'key',
  'kind',
  'port',
  'providerCode',
  'requestId',
  'retryable',
  'state',
  'status',
  'store',
  'url',
  'rev',
  'attempts',
]);

const PHONE = /\+?\d[\d\s().-]{5,}\d/g;

export function redact(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [name, value] of Object.entries(fields)) {
    if (!ALLOWED.has(name)) out[name] = '[redacted]';
    else out[name] = typeof value === 'string' ? value.replace(PHONE, '[number]') : value;
  }
  return out;
}

/**
 * What may be logged of an error: its class name (StoreError, TypeError...), never its message,
 * which can quote a payload, an address or a provider's answer.
 */
export const errorKind = (error: unknown): string =>
  error instanceof Error ? error.name : 'unknown';

export function createLogger(write: (line: string) => void = (l) => console.log(l)): Logger {
  const log =
    (level: string) =>
    (event: string, fields: LogFields = {}) =>
      write(JSON.stringify({ level, event, ...redact(fields) }));
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

/** A logger that keeps lines in memory, for tests that check what would be written. */
export function createMemoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { ...createLogger((l) => lines.push(l)), lines };
}
