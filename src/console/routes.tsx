import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { secureHeaders } from 'hono/secure-headers';
import * as z from 'zod';
import {
  type AgentAction,
  type Handoff,
  OUTCOMES,
  type Outcome,
} from '../core/conversation/handoff';
import type { ConversationRecord } from '../core/record';
import { type RefusalCode, WHATSAPP_WINDOW_MS, windowOpen } from '../handoff/rules';
import type { HandoffService } from '../handoff/service';
import { reportCsv } from '../reports/csv';
import { buildReport, lastWeeks } from '../reports/model';
import type { Config } from '../runtime/config';
import type { RuntimeDeps } from '../runtime/deps';
import { dayOf, METRICS_RETENTION_DAYS } from '../store/metrics';
import { ROLES, type Role, type StaffStore } from '../store/staff';
import { AccountError, accountAdmin } from './accounts';
import { CONSOLE_CSS } from './assets/css';
import { CONSOLE_JS } from './assets/js';
import { type AuthOptions, authRoutes, type ConsoleEnv, logout, requireSession } from './auth';
import type { Me } from './session';
import { maskAddress } from './mask';
import { can, type Permission } from './roles';
import { simulatorRoutes } from './simulator';
import { digest, sameText } from './tokens';
import { AuditPage } from './views/audit';
import { ConversationPage } from './views/conversation';
import { BASE, Page } from './views/layout';
import { QueuePage, type QueueRow } from './views/queue';
import { ReportsPage } from './views/reports';
import { StaffPage } from './views/staff';

export interface ConsoleOptions {
  staff: StaffStore;
  handoff: HandoffService;
  /** The public https address, when a proxy ends TLS (cookies and the Origin check need it). */
  publicUrl?: string;
  idleMs?: number;
  absoluteMs?: number;
  /** Approved WhatsApp templates inviting a person to write again (WHATSAPP_REENGAGE_TEMPLATE). */
  reengage?: { name: string; language: string }[];
  /** The reports' target for minutes to a first human reply (SIRA_FIRST_REPLY_TARGET_MINUTES). */
  firstReplyTargetMinutes?: number;
}

/**
 * Everything the browser may load comes from this app: no inline script or style, no other
 * origin, no framing. Trusted Types leaves one named policy for the script's live updates,
 * so no other code path can turn a string into HTML.
 */
const CSP = {
  defaultSrc: ["'none'"],
  styleSrc: ["'self'"],
  scriptSrc: ["'self'"],
  imgSrc: ["'self'"],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  requireTrustedTypesFor: ["'script'"],
  trustedTypes: ['sira'],
};

/** What the console tells a worker after an action, by code. */
const MESSAGES: Record<string, { text: string; bad?: boolean }> = {
  claim: { text: 'The conversation is yours.' },
  reply: { text: 'Reply queued; its delivery shows on the message.' },
  note: { text: 'Note added.' },
  transfer: { text: 'Transferred.' },
  close: { text: 'Closed: the bot answers the person again.' },
  reengage: { text: 'Invitation queued; its delivery shows on the message.' },
  sms: { text: 'SMS queued; its delivery shows on the message.' },
  not_found: { text: 'This conversation no longer exists.', bad: true },
  not_in_handoff: { text: 'This conversation is no longer with the hotline.', bad: true },
  claimed_by_other: { text: 'A colleague has this conversation.', bad: true },
  not_claimed: { text: 'Take the conversation first.', bad: true },
  opted_out: {
    text: 'The person sent STOP: nothing was sent. They hear from you again once they send START.',
    bad: true,
  },
  window_closed: {
    text: 'The 24-hour window is closed: nothing was sent. Use the invitation, or wait for them.',
    bad: true,
  },
  no_template: { text: 'No approved template is configured.', bad: true },
  bad_input: { text: 'Nothing was done: the form was incomplete.', bad: true },
  added: { text: 'Account added.' },
  disabled: { text: 'Account disabled; its sessions have ended.' },
  reset: { text: 'New password set; their sessions have ended.' },
};

const KEY = /^[A-Za-z0-9_-]{8,128}$/;
const Text = z.object({ text: z.string().trim().min(1).max(2000) });
const Transfer = z.object({ to: z.string().min(1).max(64) });
const Close = z.object({ outcome: z.enum(OUTCOMES as [Outcome, ...Outcome[]]) });
const Day = z.iso.date();
/** A report's days: both or neither, in order, within what the counters keep. */
const Period = z
  .object({ from: Day, to: Day })
  .refine(
    (p) =>
      p.from <= p.to &&
      Date.parse(p.to) - Date.parse(p.from) <= METRICS_RETENTION_DAYS * 86_400_000,
  );
const AccountForm = z.object({
  username: z.string().trim().toLowerCase().min(1).max(64),
  role: z.enum(ROLES as [Role, ...Role[]]).optional(),
  password: z.string().max(1024).optional(),
});

/**
 * The hotline console under /console: server-rendered pages (hono/jsx), one small script for
 * live updates, Web APIs only so it runs on Node and Workers alike.
 */
export function consoleRoutes(deps: RuntimeDeps, options: ConsoleOptions): Hono<ConsoleEnv> {
  const { staff, handoff } = options;
  const app = new Hono<ConsoleEnv>();
  const auth: AuthOptions = {
    staff,
    now: deps.now,
    publicUrl: options.publicUrl,
    idleMs: options.idleMs ?? 30 * 60_000,
    absoluteMs: options.absoluteMs ?? 12 * 3_600_000,
  };
  const audit = (c: Context<ConsoleEnv>, action: string, target?: string, detail?: string) =>
    staff.audit({ at: deps.now(), actor: c.get('me').username, action, target, detail });

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: CSP,
      referrerPolicy: 'no-referrer',
      xFrameOptions: 'DENY',
    }),
    async function noStore(c, next) {
      await next();
      if (!c.req.path.startsWith(`${BASE}/static/`)) c.header('Cache-Control', 'no-store');
    },
    // The Origin (or Sec-Fetch-Site) of every form post must be ours; the session's form token
    // is checked too (requireSession): two locks, so one mistake does not open the door.
    csrf({ origin: (origin, c) => origin === (options.publicUrl ?? new URL(c.req.url).origin) }),
  );
  app.get('/static/console.css', (c) => asset(c, CONSOLE_CSS, 'text/css; charset=utf-8'));
  app.get('/static/console.js', (c) => asset(c, CONSOLE_JS, 'text/javascript; charset=utf-8'));
  app.route('/', authRoutes(auth));
  app.use('*', requireSession(auth));
  app.post('/logout', logout(auth));

  const need =
    (permission: Permission): MiddlewareHandler<ConsoleEnv> =>
    async (c, next) => {
      if (can(c.get('me').role, permission)) return next();
      await audit(c, 'refused', undefined, permission);
      return c.html(
        <Page title="Not allowed" me={c.get('me')}>
          <p>Your role does not allow this.</p>
        </Page>,
        403,
      );
    };

  app.get('/', async (c) => {
    const me = c.get('me');
    if (!can(me.role, 'queue'))
      return c.redirect(`${BASE}/${can(me.role, 'accounts') ? 'staff' : 'simulator'}`, 303);
    const rows = queueRows(await handoff.queue(), deps.now());
    const version = await fingerprint(rows);
    if (c.req.query('live') && c.req.query('v') === version) return c.body(null, 204);
    return c.html(<QueuePage me={me} rows={rows} version={version} />);
  });

  app.get('/queue.json', need('queue'), async (c) => {
    const rows = queueRows(await handoff.queue(), deps.now()).filter((r) => !r.agent);
    return c.json({
      waiting: rows.length,
      urgent: rows.filter((r) => r.severity === 'high').map((r) => r.id),
    });
  });

  /** An open escalation by key, or a 404 page: nothing else is readable here. */
  async function escalation(c: Context<ConsoleEnv>): Promise<ConversationRecord | Response> {
    const key = c.req.param('key') ?? '';
    const record = KEY.test(key) ? await handoff.get(key) : null;
    if (record?.ctx.handoff) return record;
    return c.html(
      <Page title="Not in the queue" me={c.get('me')}>
        <p>This conversation is not with the hotline (closed, or never escalated).</p>
        <p>
          <a href={BASE}>Back to the queue</a>
        </p>
      </Page>,
      404,
    );
  }

  async function colleagues(me: string, holder: string | null): Promise<string[]> {
    return (await staff.accounts())
      .filter(
        (a) => !a.disabled && can(a.role, 'act') && a.username !== me && a.username !== holder,
      )
      .map((a) => a.username);
  }

  const templateFor = (record: ConversationRecord) =>
    record.channel === 'whatsapp'
      ? (options.reengage?.find((t) => t.language === record.ctx.lng) ?? options.reengage?.[0])
      : undefined;

  async function show(c: Context<ConsoleEnv>, record: ConversationRecord, revealed = false) {
    const me = c.get('me');
    const now = deps.now();
    const h = record.ctx.handoff as Handoff;
    const window =
      record.channel === 'whatsapp'
        ? {
            open: windowOpen(record, now),
            closesInMs: (record.lastInboundAt ?? 0) + WHATSAPP_WINDOW_MS - now,
          }
        : null;
    const message = MESSAGES[c.req.query('m') ?? ''];
    // The record keeps the address sealed; it is opened only to be masked or, audited, revealed.
    const address = await deps.addresses.open(record.key, record.address).catch(() => '');
    return c.html(
      <ConversationPage
        me={me}
        record={record}
        now={now}
        window={window}
        number={revealed ? address.replace(/^whatsapp:/, '') : maskAddress(address)}
        revealed={revealed}
        colleagues={await colleagues(me.username, h.agent)}
        template={templateFor(record)}
        sms={record.channel === 'whatsapp' && deps.smsFallback !== undefined}
        flash={message}
        live={`${BASE}/c/${record.key}?t=${await liveToken(me, record.key)}`}
      />,
    );
  }

  /**
   * The proof a page's refresh carries that its session opened this conversation through an
   * audited view: keyed with the server's secret, so no one can make it for a conversation
   * they have not opened, and tied to the session, so it ends with it.
   */
  const liveToken = (me: Me, key: string) => deps.pseudonymise(`console.live:${me.session}:${key}`);

  app.get('/c/:key', need('queue'), async (c) => {
    const record = await escalation(c);
    if (record instanceof Response) return record;
    const refresh =
      c.req.query('live') !== undefined &&
      sameText(c.req.query('t') ?? '', await liveToken(c.get('me'), record.key));
    if (!refresh) await audit(c, 'view', record.key);
    // The page's own refresh: not a new view, and nothing to send when nothing changed.
    else if (c.req.query('v') === String(record.seq)) return c.body(null, 204);
    return show(c, record);
  });

  app.post('/c/:key/reveal', need('reveal'), async (c) => {
    const record = await escalation(c);
    if (record instanceof Response) return record;
    await audit(c, 'reveal', record.key);
    return show(c, record, true);
  });

  app.post('/c/:key/:action', need('act'), async (c) => {
    const me = c.get('me');
    const record = await escalation(c);
    if (record instanceof Response) return record;
    const kind = c.req.param('action');
    const action = await actionFrom(c, kind, me.username, record);
    const back = (code: string) => c.redirect(`${BASE}/c/${record.key}?m=${code}`, 303);
    if (typeof action === 'string') {
      await audit(c, kind, record.key, action);
      return back(action);
    }
    const result = await handoff.act(record.key, action, can(me.role, 'override'));
    const detail = result.ok ? detailOf(action) : result.code;
    await audit(c, action.kind, record.key, detail);
    if (!result.ok) return back(result.code);
    if (action.kind === 'close') return c.redirect(`${BASE}?m=close`, 303);
    return back(action.kind);
  });

  /** The worker's action from the form, or why it cannot be done. */
  async function actionFrom(
    c: Context<ConsoleEnv>,
    kind: string,
    agent: string,
    record: ConversationRecord,
  ): Promise<AgentAction | RefusalCode | 'window_closed' | 'no_template' | 'bad_input'> {
    const body = await c.req.parseBody();
    switch (kind) {
      case 'claim':
        return { kind: 'claim', agent };
      case 'reply': {
        const form = Text.safeParse(body);
        if (!form.success) return 'bad_input';
        // Said before sending, not discovered after: WhatsApp would refuse it.
        if (!windowOpen(record, deps.now())) return 'window_closed';
        return { kind: 'reply', agent, text: form.data.text };
      }
      case 'note': {
        const form = Text.safeParse(body);
        return form.success ? { kind: 'note', agent, text: form.data.text } : 'bad_input';
      }
      case 'transfer': {
        const form = Transfer.safeParse(body);
        const holder = (record.ctx.handoff as Handoff).agent;
        if (!form.success || !(await colleagues(agent, holder)).includes(form.data.to)) {
          return 'bad_input';
        }
        // Always as the worker themself: only a supervisor's override passes the holder rule.
        return { kind: 'transfer', agent, to: form.data.to };
      }
      case 'close': {
        const form = Close.safeParse(body);
        if (!form.success) return 'bad_input';
        return { kind: 'close', agent, outcome: form.data.outcome as Outcome };
      }
      case 'sms': {
        // Only where WhatsApp can no longer carry a reply and the operator allowed SMS.
        const form = Text.safeParse(body);
        if (!form.success) return 'bad_input';
        if (record.channel !== 'whatsapp' || !deps.smsFallback) return 'not_found';
        if (windowOpen(record, deps.now())) return 'bad_input';
        return { kind: 'sms', agent, text: form.data.text };
      }
      case 'reengage': {
        const template = templateFor(record);
        return template ? { kind: 'reengage', agent, template } : 'no_template';
      }
      default:
        return 'not_found';
    }
  }

  app.get('/audit', need('audit'), async (c) =>
    c.html(<AuditPage me={c.get('me')} entries={await staff.auditLog(500)} />),
  );

  const accounts = accountAdmin(staff, deps.now);
  /** The report for the asked period (default: the last 8 weeks), or null if it is malformed. */
  async function report(c: Context<ConsoleEnv>) {
    const asked = c.req.query('from') || c.req.query('to');
    const parsed = asked ? Period.safeParse(c.req.query()) : null;
    if (parsed && !parsed.success) return null;
    const period = parsed?.data ?? lastWeeks(dayOf(deps.now()));
    const rows = (await deps.metrics?.read(period.from, period.to)) ?? [];
    await audit(c, 'reports', undefined, `${period.from}..${period.to}`);
    return buildReport(rows, period, options.firstReplyTargetMinutes ?? 15);
  }
  const badPeriod = (c: Context<ConsoleEnv>) =>
    c.html(
      <Page title="Reports" me={c.get('me')}>
        <p>
          Give two days, the first before the second, at most {METRICS_RETENTION_DAYS} days apart.
        </p>
        <p>
          <a href={`${BASE}/reports`}>The last 8 weeks</a>
        </p>
      </Page>,
      400,
    );

  app.get('/reports', need('reports'), async (c) => {
    const r = await report(c);
    return r ? c.html(<ReportsPage me={c.get('me')} report={r} />) : badPeriod(c);
  });

  app.get('/reports.csv', need('reports'), async (c) => {
    const r = await report(c);
    if (!r) return badPeriod(c);
    return c.body(reportCsv(r), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="sira-report-${r.from}-${r.to}.csv"`,
    });
  });

  app.get('/staff', need('accounts'), async (c) =>
    c.html(
      <StaffPage
        me={c.get('me')}
        accounts={await staff.accounts()}
        flash={MESSAGES[c.req.query('m') ?? '']}
      />,
    ),
  );
  app.post('/staff/:change', need('accounts'), async (c) => {
    const change = c.req.param('change');
    const form = AccountForm.safeParse(await c.req.parseBody());
    const again = (flash: { text: string; bad?: boolean }, status: 200 | 400 = 400) =>
      staff
        .accounts()
        .then((list) =>
          c.html(<StaffPage me={c.get('me')} accounts={list} flash={flash} />, status),
        );
    if (!form.success) return again(MESSAGES.bad_input as { text: string });
    const { username, role, password } = form.data;
    try {
      if (change === 'add') await accounts.add(username, role ?? 'agent', password ?? '');
      else if (change === 'disable') await accounts.disable(username);
      else if (change === 'reset') await accounts.reset(username, password ?? '');
      else return c.notFound();
    } catch (error) {
      if (error instanceof AccountError) return again({ text: error.message, bad: true });
      throw error;
    }
    await audit(c, `account.${change}`, username, role);
    const done = { add: 'added', disable: 'disabled', reset: 'reset' }[change];
    return c.redirect(`${BASE}/staff?m=${done}`, 303);
  });

  app.use('/simulator', need('simulator'));
  app.route('/simulator', simulatorRoutes(deps));
  return app;
}

function queueRows(records: ConversationRecord[], now: number): QueueRow[] {
  return records.map((r) => {
    const h = r.ctx.handoff as Handoff;
    return {
      key: r.key,
      id: h.id,
      severity: h.severity,
      category: h.category,
      lng: r.ctx.lng ?? '?',
      channel: r.channel,
      waitedMs: now - h.openedAt,
      window: r.channel === 'whatsapp' ? windowOpen(r, now) : null,
      agent: h.agent,
    };
  });
}

/** Changes when anything shown in the queue does (but the waiting times). */
async function fingerprint(rows: QueueRow[]): Promise<string> {
  const text = rows.map((r) => [r.id, r.severity, r.agent, r.window, r.lng].join(':')).join('|');
  return (await digest(text)).slice(0, 16);
}

/** What the audit log says of a done action besides its kind: no text, ever. */
function detailOf(action: AgentAction): string | undefined {
  if (action.kind === 'transfer') return action.to;
  if (action.kind === 'close') return action.outcome;
  if (action.kind === 'reengage') return action.template.name;
  return undefined;
}

function asset(c: Context, body: string, type: string) {
  c.header('Content-Type', type);
  c.header('Cache-Control', 'public, max-age=300');
  return c.body(body);
}

/** The console's options as every entry builds them from the configuration (Node, Workers). */
export function consoleOptionsFrom(
  config: Pick<Config, 'publicUrl' | 'staffConsole'>,
  staff: StaffStore,
  handoff: HandoffService,
): ConsoleOptions {
  const { idleMs, absoluteMs, reengage, firstReplyTargetMinutes } = config.staffConsole;
  return {
    staff,
    handoff,
    publicUrl: config.publicUrl,
    idleMs,
    absoluteMs,
    reengage,
    firstReplyTargetMinutes,
  };
}
