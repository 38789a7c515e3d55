import * as z from 'zod';
import { parseHours } from './hours';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Retention in days when the environment sets none. */
const DEFAULT_DAYS = { conversation: 30, claim: 7, transcript: 90, audit: 365 };
/** The default retention, also for what runs without an environment (local chat, tests). */
export const DEFAULT_RETENTION: Config['retention'] = {
  conversationMs: DEFAULT_DAYS.conversation * DAY_MS,
  claimMs: DEFAULT_DAYS.claim * DAY_MS,
  transcriptMs: DEFAULT_DAYS.transcript * DAY_MS,
  auditMs: DEFAULT_DAYS.audit * DAY_MS,
};
const optional = z.string().trim().min(1).optional();

/**
 * The environment, parsed once. Every variable of the external contract (shared/design.md) is
 * here; an invalid value stops start-up with a message naming the variable and the problem.
 */
export const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  PUBLIC_URL: z.url().optional(),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  WHATSAPP_VERIFY_TOKEN: optional,
  WHATSAPP_APP_SECRET: optional,
  WHATSAPP_ACCESS_TOKEN: optional,
  WHATSAPP_PHONE_NUMBER_ID: optional,
  WHATSAPP_GRAPH_URL: z.url().default('https://graph.facebook.com/v24.0'),
  TWILIO_ACCOUNT_SID: optional,
  TWILIO_AUTH_TOKEN: optional,
  TWILIO_API_URL: z.url().default('https://api.twilio.com'),
  REDIS_URL: z
    .url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' })
    .optional(),
  /** Before every Redis key, so several deployments can share one Redis. */
  SIRA_REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'at most 64 letters, digits or _ . : -')
    .default('sira:'),
  SIRA_DB: z.string().min(1).default('./data/sira.db'),
  SIRA_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /**
   * A Twilio number the hotline may reply from by SMS to a WhatsApp number whose 24-hour window
   * has closed (the console offers it); unset: no SMS fallback. Needs TWILIO_*.
   */
  SIRA_SMS_FALLBACK_FROM: z
    .string()
    .regex(/^\+\d{6,15}$/, 'an international number, like +15550100000')
    .optional(),
  /** When the hotline is staffed, in Mali time (see runtime/hours.ts); `always` by default. */
  SIRA_HOTLINE_HOURS: z
    .string()
    .default('always')
    .superRefine((value, ctx) => {
      try {
        parseHours(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    }),
  SIRA_RETENTION_DAYS: z.coerce.number().int().min(1).max(365).default(DEFAULT_DAYS.conversation),
  SIRA_CLAIM_DAYS: z.coerce.number().int().min(1).max(30).default(DEFAULT_DAYS.claim),
  /** The staff console's accounts, sessions and audit log without Redis; beside SIRA_DB by default. */
  SIRA_STAFF_DB: z.string().min(1).optional(),
  /** Console sessions end after this long without a request, and after this long in any case. */
  /**
   * `username:<password hash>` (from `npm run staff -- hash`): the first console admin, created
   * only while there is no account at all. For Workers, which `npm run staff` cannot reach.
   */
  SIRA_CONSOLE_FIRST_ADMIN: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9._-]{1,31}:pbkdf2-sha256\$\d+\$[A-Za-z0-9+/=_-]+\$[A-Za-z0-9+/=_-]+$/,
      'username:<hash printed by npm run staff -- hash>',
    )
    .optional(),
  SIRA_CONSOLE_IDLE_MINUTES: z.coerce.number().int().min(1).max(240).default(30),
  SIRA_CONSOLE_SESSION_HOURS: z.coerce.number().int().min(1).max(24).default(12),
  /** The reports' target for minutes from escalation to first human reply. */
  SIRA_FIRST_REPLY_TARGET_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  /**
   * Approved WhatsApp templates that invite the person to write again, for when the 24-hour
   * window has closed: `name:language` pairs, comma-separated (e.g. `sira_write_back:fr`).
   */
  WHATSAPP_REENGAGE_TEMPLATE: z
    .string()
    .regex(
      /^[a-z0-9_]+:[A-Za-z_]{2,8}(,[a-z0-9_]+:[A-Za-z_]{2,8})*$/,
      'name:language pairs, comma-separated (e.g. sira_write_back:fr)',
    )
    .optional(),
  /** Told of every high-severity escalation (no text, no number), signed with the secret. */
  SIRA_NOTIFY_URL: z.url({ protocol: /^https?$/ }).optional(),
  SIRA_NOTIFY_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** How long the hotline keeps a closed escalation's transcript. */
  SIRA_TRANSCRIPT_DAYS: z.coerce.number().int().min(1).max(365).default(DEFAULT_DAYS.transcript),
  /** How long content-free audit entries (an erasure happened, when) are kept. */
  SIRA_AUDIT_DAYS: z.coerce.number().int().min(1).max(3650).default(DEFAULT_DAYS.audit),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  port: number;
  publicUrl?: string;
  production: boolean;
  whatsapp?: {
    verifyToken: string;
    appSecret: string;
    accessToken: string;
    phoneNumberId: string;
    graphUrl: string;
  };
  twilio?: { accountSid: string; authToken: string; apiUrl: string };
  /** Redis when `redisUrl` is set, else the SQLite file at `dbPath`. */
  store: { redisUrl?: string; redisPrefix: string; dbPath: string };
  /** Undefined when unset: the entry decides (generate in development, refuse in production). */
  secret?: string;
  retention: { conversationMs: number; claimMs: number; transcriptMs: number; auditMs: number };
  /** The hotline's hours, as SIRA_HOTLINE_HOURS gives them. */
  hotlineHours: string;
  /** The staff console's settings (the console itself is built by the entry). */
  staffConsole: {
    /** The staff store's SQLite file, when Redis is not used. */
    staffDbPath: string;
    idleMs: number;
    absoluteMs: number;
    reengage: { name: string; language: string }[];
    /** The reports' target for minutes to a first human reply. */
    firstReplyTargetMinutes: number;
    /** SIRA_CONSOLE_FIRST_ADMIN, split: created only while no account exists. */
    firstAdmin?: { username: string; password: string };
  };
  notify?: { url: string; secret: string };
  /** The number hotline SMS replies leave from when WhatsApp's window has closed. */
  smsFallback?: { from: string };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parse the environment into a Config, or throw a ConfigError that lists every problem. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(blankToUndefined(env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && !e.SIRA_SECRET) {
    throw new ConfigError('Invalid configuration:\n  SIRA_SECRET: required in production');
  }
  if (Boolean(e.SIRA_NOTIFY_URL) !== Boolean(e.SIRA_NOTIFY_SECRET)) {
    throw new ConfigError(
      'Invalid configuration:\n  SIRA_NOTIFY_URL, SIRA_NOTIFY_SECRET: set both or neither',
    );
  }
  return {
    port: e.PORT,
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ''),
    production,
    whatsapp: allSet(
      e.WHATSAPP_VERIFY_TOKEN,
      e.WHATSAPP_APP_SECRET,
      e.WHATSAPP_ACCESS_TOKEN,
      e.WHATSAPP_PHONE_NUMBER_ID,
    )
      ? {
          verifyToken: e.WHATSAPP_VERIFY_TOKEN as string,
          appSecret: e.WHATSAPP_APP_SECRET as string,
          accessToken: e.WHATSAPP_ACCESS_TOKEN as string,
          phoneNumberId: e.WHATSAPP_PHONE_NUMBER_ID as string,
          graphUrl: e.WHATSAPP_GRAPH_URL.replace(/\/$/, ''),
        }
      : undefined,
    twilio: allSet(e.TWILIO_ACCOUNT_SID, e.TWILIO_AUTH_TOKEN)
      ? {
          accountSid: e.TWILIO_ACCOUNT_SID as string,
          authToken: e.TWILIO_AUTH_TOKEN as string,
          apiUrl: e.TWILIO_API_URL.replace(/\/$/, ''),
        }
      : undefined,
    store: { redisUrl: e.REDIS_URL, redisPrefix: e.SIRA_REDIS_PREFIX, dbPath: e.SIRA_DB },
    secret: e.SIRA_SECRET,
    hotlineHours: e.SIRA_HOTLINE_HOURS,
    retention: {
      conversationMs: e.SIRA_RETENTION_DAYS * DAY_MS,
      claimMs: e.SIRA_CLAIM_DAYS * DAY_MS,
      transcriptMs: e.SIRA_TRANSCRIPT_DAYS * DAY_MS,
      auditMs: e.SIRA_AUDIT_DAYS * DAY_MS,
    },
    staffConsole: {
      staffDbPath: e.SIRA_STAFF_DB ?? staffDbBeside(e.SIRA_DB),
      idleMs: e.SIRA_CONSOLE_IDLE_MINUTES * 60_000,
      absoluteMs: e.SIRA_CONSOLE_SESSION_HOURS * 3_600_000,
      firstReplyTargetMinutes: e.SIRA_FIRST_REPLY_TARGET_MINUTES,
      firstAdmin: firstAdminOf(e.SIRA_CONSOLE_FIRST_ADMIN),
      reengage: (e.WHATSAPP_REENGAGE_TEMPLATE?.split(',') ?? []).map((pair) => {
        const [name, language] = pair.split(':') as [string, string];
        return { name, language };
      }),
    },
    smsFallback:
      e.SIRA_SMS_FALLBACK_FROM && e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN
        ? { from: e.SIRA_SMS_FALLBACK_FROM }
        : undefined,
    notify:
      e.SIRA_NOTIFY_URL && e.SIRA_NOTIFY_SECRET
        ? { url: e.SIRA_NOTIFY_URL, secret: e.SIRA_NOTIFY_SECRET }
        : undefined,
  };
}

/** `username:hash`: the hash holds no colon, so the first colon splits them. */
function firstAdminOf(value: string | undefined) {
  if (!value) return undefined;
  const at = value.indexOf(':');
  return { username: value.slice(0, at), password: value.slice(at + 1) };
}

const allSet = (...values: (string | undefined)[]) => values.every(Boolean);

/** `PORT=` in a .env file means "not set", not "the empty string". */
function blankToUndefined(env: Record<string, string | undefined>) {
  return Object.fromEntries(
    Object.entries(env).map(([k, v]) => [k, v?.trim() === '' ? undefined : v]),
  );
}

/**
 * The staff file in SIRA_DB's folder (found without node:path: this file runs on Workers too),
 * or in memory beside a database in memory, never a stray `staff.db` in the working folder.
 */
const staffDbBeside = (dbPath: string): string =>
  dbPath === ':memory:' ? dbPath : `${dbPath.replace(/[^/\\]*$/, '')}staff.db`;
