/**
 * The webhooks the load generator sends, signed as the providers sign them, and the settings the
 * server under test is started with to accept them. Every request is a new message (its own
 * provider id, unique per run) from one of SENDERS fictional people (+1555010xxxx), so
 * deduplication never short-circuits the pipeline and conversations build up as in real traffic.
 */
import { createHmac } from 'node:crypto';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { whatsappTextBody } from '../test/helpers/whatsapp-body';

export type WebhookKind = 'sms' | 'whatsapp';

export interface WebhookRequest {
  path: string;
  body: string;
  headers: Record<string, string>;
}

const SENDERS = 10_000;
const TWILIO_AUTH_TOKEN = 'bench-auth-token-0123456789abcdef';
const TWILIO_ACCOUNT_SID = `AC${'0'.repeat(30)}a1`;
const PUBLIC_URL = 'https://sira.example.org';
const WHATSAPP_APP_SECRET = 'bench-app-secret';
const PHONE_NUMBER_ID = '106540352242922';
const SMS_PATH = '/webhooks/twilio';
const WHATSAPP_PATH = '/webhooks/whatsapp';

/** The environment `src/entry/node.ts` needs to accept these webhooks (the store is added). */
export function siraEnv(graphUrl: string | undefined): Record<string, string> {
  return {
    NODE_ENV: 'production',
    SIRA_SECRET: 'bench-secret-that-is-long-enough-0123456789',
    PUBLIC_URL,
    TWILIO_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN,
    // Never called: SMS replies go out inside the TwiML response.
    TWILIO_API_URL: 'http://127.0.0.1:9',
    ...(graphUrl && {
      WHATSAPP_VERIFY_TOKEN: 'bench-verify-token',
      WHATSAPP_APP_SECRET,
      WHATSAPP_ACCESS_TOKEN: 'bench-access-token',
      WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
      WHATSAPP_GRAPH_URL: graphUrl,
    }),
  };
}

/** What people send: menu choices, commands, a question (distress detection runs on all). */
const TEXTS = ['1', '2', 'aide', '3', 'menu', 'Bonjour, où est le centre ?'];

/** The nth message's sender (digits of a fictional number) and text: the traffic of every run. */
export const senderOf = (n: number): string => `1555010${String(n % SENDERS).padStart(4, '0')}`;
export const textOf = (n: number): string => TEXTS[n % TEXTS.length] as string;

/**
 * A source of distinct signed webhooks. `run` (hex, the same length in every run) keeps the ids
 * unique across runs and phases; Twilio's ids are hex, so the counter is written in hex.
 */
export function webhooks(kind: WebhookKind, run: string): () => WebhookRequest {
  let n = 0;
  return () => {
    n += 1;
    const id = `${run}${n.toString(16)}`;
    return kind === 'sms' ? sms(id, senderOf(n), textOf(n)) : whatsapp(id, senderOf(n), textOf(n));
  };
}

function sms(id: string, sender: string, text: string): WebhookRequest {
  const params = {
    MessageSid: `SM${id.padStart(32, '0')}`,
    AccountSid: TWILIO_ACCOUNT_SID,
    From: `+${sender}`,
    To: '+15550109999',
    Body: text,
    NumMedia: '0',
  };
  const url = `${PUBLIC_URL}${SMS_PATH}`;
  return {
    path: SMS_PATH,
    body: new URLSearchParams(params).toString(),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': getExpectedTwilioSignature(TWILIO_AUTH_TOKEN, url, params),
    },
  };
}

function whatsapp(id: string, sender: string, text: string): WebhookRequest {
  const raw = whatsappTextBody(sender, `wamid.bench.${id}`, text, Date.now(), 'Bench');
  // Meta escapes non-ASCII as \uXXXX; the signature is over these exact bytes.
  const body = raw.replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  const signature = createHmac('sha256', WHATSAPP_APP_SECRET).update(body).digest('hex');
  return {
    path: WHATSAPP_PATH,
    body,
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${signature}` },
  };
}
