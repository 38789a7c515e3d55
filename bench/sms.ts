/**
 * SMS webhook throughput: `npx tsx bench/sms.ts [seconds] [connections]`.
 *
 * The servers run in a child process (`--serve`), the load generator (autocannon) in this one,
 * so they do not share a CPU core. Two targets in the same run:
 * - `floor`: a bare Hono route answering a constant TwiML: the HTTP stack alone;
 * - `sms`: the whole pipeline: signature check, form parsing, claim, lock, step, save, lease,
 *   TwiML. Every request is a new message (its own MessageSid) from one of 10,000 senders in
 *   the fictional +1555010xxxx range, signed as Twilio signs it.
 * Then, from the content: SMS segments per reply per language over the first menu levels.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { serve } from '@hono/node-server';
import autocannon from 'autocannon';
import { Hono } from 'hono';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { parseInbound } from '../src/channels/twilio/parse';
import { formParams } from '../src/channels/twilio/verify';
import { smsCost } from '../src/core/render/gsm7';
import { createApp } from '../src/runtime/app';
import { loadConfig } from '../src/runtime/config';
import { depsFromConfig } from '../src/runtime/deps-from-config';
import { receive } from '../src/runtime/inbound';
import { createLogger } from '../src/runtime/log';
import { createMemoryStore } from '../src/store/memory';

const AUTH_TOKEN = 'bench-auth-token-0123456789abcdef';
const ACCOUNT_SID = `AC${'0'.repeat(30)}a1`;
const PUBLIC_URL = 'https://sira.example.org';
const PATH = '/webhooks/twilio';

function benchDeps() {
  const config = loadConfig({
    PUBLIC_URL,
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_API_URL: 'http://127.0.0.1:9', // never called: replies go out in TwiML
    SIRA_SECRET: 'bench-secret-that-is-long-enough-0123456789',
  });
  const deps = depsFromConfig(
    { ...config, secret: config.secret as string },
    createMemoryStore(),
    createLogger(() => {}),
  );
  return { config, deps };
}

/** Child: serve the floor and the app, print their ports, run until killed. */
function serveTargets() {
  const floor = new Hono().post(PATH, (c) =>
    c.body('<?xml version="1.0" encoding="UTF-8"?><Response/>', 200, {
      'content-type': 'text/xml; charset=utf-8',
    }),
  );
  const { config, deps } = benchDeps();
  const ports: number[] = [];
  for (const app of [floor, createApp(deps, config)]) {
    serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      ports.push(info.port);
      if (ports.length === 2) console.log(JSON.stringify({ floor: ports[0], sms: ports[1] }));
    });
  }
}

let n = 0;
/** A new signed inbound SMS each call, as Twilio would post it. */
function nextRequest(): { body: string; headers: Record<string, string> } {
  n += 1;
  const params = {
    MessageSid: `SM${n.toString(16).padStart(32, '0')}`,
    AccountSid: ACCOUNT_SID,
    From: `+1555010${String(n % 10_000).padStart(4, '0')}`,
    To: '+15550109999',
    Body: n % 3 === 0 ? 'aide' : String((n % 2) + 1),
    NumMedia: '0',
  };
  return {
    body: new URLSearchParams(params).toString(),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${PATH}`, params),
    },
  };
}

async function load(port: number, seconds: number, connections: number) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: PATH,
        setupRequest: (request) => ({ ...request, ...nextRequest() }),
      },
    ],
  });
  return {
    rps: Math.round(result.requests.average),
    p50ms: result.latency.p50,
    p99ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** Segments of every SMS reply met over the first levels of the menus, per language. */
async function segmentsPerLanguage() {
  const { deps } = benchDeps();
  const out: Record<string, { replies: number; avg: number; max: number }> = {};
  for (const [index, language] of deps.content.languages.entries()) {
    const segments: number[] = [];
    const from = `+155501090${String(index).padStart(2, '0')}`;
    const inputs = ['bonjour', String(index + 1)];
    for (let d = 1; d <= 9; d++) inputs.push(String(d), '1', 'retour', 'menu');
    inputs.push('aide', 'STOP', 'START');
    for (const [i, text] of inputs.entries()) {
      const body = new URLSearchParams({
        MessageSid: `SM${`${index}f${i}`.padStart(32, '0')}`,
        AccountSid: ACCOUNT_SID,
        From: from,
        To: '+15550109999',
        Body: text,
      }).toString();
      const receipt = await receive(deps, parseInbound(formParams(body), Date.now()));
      for (const item of receipt.pending) {
        if (item.message.kind === 'text') segments.push(smsCost(item.message.text).segments);
      }
    }
    const sum = segments.reduce((a, b) => a + b, 0);
    out[language.code] = {
      replies: segments.length,
      avg: Math.round((sum / segments.length) * 100) / 100,
      max: Math.max(...segments),
    };
  }
  return out;
}

async function main() {
  const seconds = Number(process.argv[2] ?? 10);
  const connections = Number(process.argv[3] ?? 50);
  const child: ChildProcess = spawn(
    process.execPath,
    [...process.execArgv, import.meta.filename, '--serve'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    const first = await new Promise<string>((resolve) =>
      createInterface({ input: child.stdout! }).once('line', resolve),
    );
    const ports = JSON.parse(first) as { floor: number; sms: number };
    const floor = await load(ports.floor, seconds, connections);
    const sms = await load(ports.sms, seconds, connections);
    const segments = await segmentsPerLanguage();
    const rows = { floor, sms };
    console.log(`SMS webhook, ${seconds} s, ${connections} connections`);
    console.log('target  rps      p50 ms  p99 ms  non-2xx  errors');
    for (const [name, r] of Object.entries(rows)) {
      console.log(
        `${name.padEnd(8)}${String(r.rps).padEnd(9)}${String(r.p50ms).padEnd(8)}${String(r.p99ms).padEnd(8)}${String(r.non2xx).padEnd(9)}${r.errors}`,
      );
    }
    console.log('SMS segments per reply (first menu levels, help, STOP, START)');
    for (const [lng, s] of Object.entries(segments)) {
      console.log(`  ${lng}: ${s.replies} replies, avg ${s.avg}, max ${s.max}`);
    }
    console.log(JSON.stringify({ sms: { ...rows, segments } }));
  } finally {
    child.kill();
  }
}

if (process.argv.includes('--serve')) serveTargets();
else await main();
