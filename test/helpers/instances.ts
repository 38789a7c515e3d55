import { afterAll } from 'vitest';
import type { ConversationRecord } from '../../src/core/record';
import { createApp } from '../../src/runtime/app';
import { loadConfig } from '../../src/runtime/config';
import { depsFromConfig } from '../../src/runtime/deps-from-config';
import { createLogger } from '../../src/runtime/log';
import { createMemoryStore } from '../../src/store/memory';
import { type Child, runTs } from './child';
import { inspector, REDIS_URL, removeUnder } from './redis';
import { freePort } from './serve';

export { freePort };

import { ACCOUNT_SID, AUTH_TOKEN, twilioRequest, twimlMessages } from './twilio';

/** What Twilio signs: the public URL, the same for every instance behind the balancer. */
export const PUBLIC_URL = 'https://sira.example.org';
export const SECRET = 'instances-proof-secret-instances-proof-secret';

/** The environment every instance of one deployment shares (the channel: Twilio SMS). */
export function deploymentEnv(twilioApiUrl: string): Record<string, string> {
  return {
    PUBLIC_URL,
    SIRA_SECRET: SECRET,
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_API_URL: twilioApiUrl,
  };
}

export interface Instance {
  child: Child;
  url: string;
}

const started: Child[] = [];
/** The key prefixes instances used on the tests' Redis: what they wrote is this helper's to remove. */
const prefixes = new Set<string>();

/**
 * After the file's tests: stop every instance, then remove the keys they wrote on the tests'
 * Redis. Both here, in that order: a file's own cleanup runs before this hook (hooks run in
 * reverse), and a live instance's sweep could write keys again once they were gone.
 */
afterAll(async () => {
  const children = started.splice(0);
  for (const child of children) child.process.kill('SIGKILL');
  await Promise.all(children.map((child) => child.exited));
  if (!prefixes.size) return;
  const look = await inspector();
  for (const prefix of prefixes) await removeUnder(look, prefix);
  await look.close();
});

/** `npm start` in a child process (src/entry/node.ts on this Node), ready to serve. */
export async function startInstance(env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const child = runTs('src/entry/node.ts', [], { REDIS_URL: '', ...env, PORT: String(port) });
  started.push(child);
  if (env.REDIS_URL === REDIS_URL && env.SIRA_REDIS_PREFIX) prefixes.add(env.SIRA_REDIS_PREFIX);
  await child.waitFor((line) => typeof line === 'string' && line.includes('listening'));
  return { child, url: `http://127.0.0.1:${port}` };
}

/** An inbound SMS's form, as Twilio posts it; `n` makes the MessageSid. */
export function smsForm(from: string, n: number, body: string): Record<string, string> {
  return {
    MessageSid: `SM${n.toString(16).padStart(32, '0')}`,
    AccountSid: ACCOUNT_SID,
    From: from,
    To: '+15550109999',
    Body: body,
    NumMedia: '0',
  };
}

/** POST a signed inbound SMS to an instance; a connection failure comes back as status 0. */
export async function postSms(
  baseUrl: string,
  form: Record<string, string>,
): Promise<{ status: number; replies: string[] }> {
  const body = new URLSearchParams(form).toString();
  try {
    const signedUrl = `${PUBLIC_URL}/webhooks/twilio`;
    const response = await fetch(twilioRequest(`${baseUrl}/webhooks/twilio`, body, { signedUrl }), {
      signal: AbortSignal.timeout(20_000),
    });
    const text = await response.text();
    return { status: response.status, replies: response.ok ? twimlMessages(text) : [] };
  } catch {
    return { status: 0, replies: [] };
  }
}

/**
 * The replies one person gets when their messages arrive one by one at a single process: the
 * sequential reference the distributed runs are compared with.
 */
export async function sequentialReplies(
  env: Record<string, string>,
  forms: Record<string, string>[],
): Promise<{ replies: string[][]; state: unknown }> {
  const config = loadConfig(env);
  const deps = depsFromConfig(
    { ...config, secret: SECRET },
    createMemoryStore(),
    createLogger(() => {}),
  );
  const app = createApp(deps, config);
  const out: string[][] = [];
  for (const form of forms) {
    const body = new URLSearchParams(form).toString();
    const response = await app.request(twilioRequest(`${PUBLIC_URL}/webhooks/twilio`, body));
    out.push(twimlMessages(await response.text()));
  }
  const from = forms[0]?.From ?? '';
  const record = await deps.store.load(await deps.pseudonymise(`sms:${from}`));
  return { replies: out, state: conversationState(record) };
}

/** The part of a record the conversation's course decides (not ids, times or deliveries). */
export function conversationState(record: ConversationRecord | null) {
  return record && { state: record.state, ctx: record.ctx, outbox: record.outbox.length };
}
