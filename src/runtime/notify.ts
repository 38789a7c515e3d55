import { fetchPost, type HttpPost, isSuccess } from '../channels/http-post';
import type { HandoffNotice } from './deps';
import { errorKind, type Logger } from './log';

export interface NotifierOptions {
  url: string;
  secret: string;
  log: Logger;
  now?: () => number;
  /** The HTTP client; the platform's fetch by default. It never follows a redirect. */
  post?: HttpPost;
  timeoutMs?: number;
}

/** The header carrying the signature: `sha256=` and the hex HMAC-SHA256 of the raw body. */
export const NOTIFY_SIGNATURE_HEADER = 'X-Sira-Signature';

/**
 * Tell on-duty staff of a high-severity escalation through the operator's webhook
 * (SIRA_NOTIFY_URL), so they can connect it to what they use (a pager, a chat room, SMS).
 * The body says what and when, never who or what was written: `{id, category, severity, at}`.
 * It is signed like Meta signs its webhooks, with `at` inside so a receiver can refuse replays.
 * Best effort: a failure is logged, never retried into a storm, never in the person's way.
 * The URL is the operator's own configuration, never taken from a message.
 */
export function createNotifier(options: NotifierOptions) {
  const now = options.now ?? Date.now;
  const http = options.post ?? fetchPost;
  const key = crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(options.secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );

  async function post(notice: HandoffNotice): Promise<void> {
    const body = JSON.stringify({
      id: notice.id,
      category: notice.category,
      severity: notice.severity,
      at: now(),
    });
    const mac = await crypto.subtle.sign('HMAC', await key, new TextEncoder().encode(body));
    const hex = [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, '0')).join('');
    const answer = await http(options.url, {
      headers: { 'content-type': 'application/json', [NOTIFY_SIGNATURE_HEADER]: `sha256=${hex}` },
      body,
      timeoutMs: options.timeoutMs ?? 5_000,
    });
    if (!isSuccess(answer)) throw new Error(`HTTP ${answer.status}`);
  }

  /** For `deps.onHandoff`; returns the delivery so a caller (or a test) can wait for it. */
  return (notice: HandoffNotice): Promise<void> => {
    if (notice.severity !== 'high') return Promise.resolve();
    return post(notice).then(
      () => options.log.info('notify.sent', { key: notice.key }),
      (error: unknown) =>
        options.log.warn('notify.failed', {
          key: notice.key,
          kind: errorKind(error),
        }),
    );
  };
}
