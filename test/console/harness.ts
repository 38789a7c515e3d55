import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { createTwilioSender } from '../../src/channels/twilio/send';
import { createWhatsAppSender } from '../../src/channels/whatsapp/send';
import { accountAdmin } from '../../src/console/accounts';
import { rawContent } from '../../src/content/bundle';
import { compileContent } from '../../src/content/compile';
import { createHandoffService } from '../../src/handoff/service';
import { createAddressCipher } from '../../src/runtime/address-cipher';
import { createApp } from '../../src/runtime/app';
import { DEFAULT_RETENTION } from '../../src/runtime/config';
import type { RuntimeDeps } from '../../src/runtime/deps';
import { createMemoryLogger } from '../../src/runtime/log';
import { createPseudonymiser } from '../../src/runtime/pseudonym';
import { createMemoryStore } from '../../src/store/memory';
import { createMemoryMetrics } from '../../src/store/metrics';
import type { Role } from '../../src/store/staff';
import { createMemoryStaffStore } from '../../src/store/staff-memory';
import { startFakeGraph } from '../helpers/fake-graph';
import { startFakeTwilio } from '../helpers/fake-twilio';
import { metaRequest } from '../helpers/meta';
import { listen } from '../helpers/serve';
import { ACCOUNT_SID, AUTH_TOKEN, twilioRequest } from '../helpers/twilio';
import { whatsappTextBody } from '../helpers/whatsapp-body';

const CHROMIUM = '/usr/bin/chromium';
const APP_SECRET = 'console-test-app-secret';
export const PASSWORD = 'correct horse battery staple';
export const STAFF: Record<string, Role> = {
  awa: 'agent',
  issa: 'agent',
  sara: 'supervisor',
  adam: 'admin',
};
/** The operator's number for hotline SMS after WhatsApp's window has closed (fictional). */
export const SMS_FALLBACK_FROM = '+15550109997';

export const TEMPLATE = { name: 'sira_write_back', language: 'fr' };
const content = compileContent(rawContent);

/**
 * Whether Chromium is here. Outside CI a missing one skips the browser tests with the reason
 * printed; inside CI (CI=true) it is a failure (`.ci/run` installs Debian's package).
 */
export function chromiumReady(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true') throw new Error(`CI=true and no Chromium at ${CHROMIUM}`);
  console.warn(
    `Skipping the console browser tests: no Chromium at ${CHROMIUM} (apt-get install chromium).`,
  );
  return false;
}

/**
 * Debian's Chromium, headless; never a browser a test tool downloads. playwright-core gives
 * every launch a fresh temporary profile of its own (it refuses a --user-data-dir argument).
 */
export async function launchChromium(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--disable-dev-shm-usage',
    ],
  });
  return {
    browser,
    close: async () => {
      await browser.close();
    },
  };
}

/**
 * The whole app on a real port: both channels pointed at local fakes (Graph API and Twilio),
 * the console on a memory staff store with one account per role, and a clock the test moves.
 */
export async function startConsoleApp() {
  const graph = await startFakeGraph();
  const twilio = await startFakeTwilio();
  const clock = { offset: 0 };
  const now = () => Date.now() + clock.offset;
  const twilioSender = createTwilioSender({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    apiUrl: twilio.url,
  });
  const log = createMemoryLogger();
  const deps: RuntimeDeps = {
    store: createMemoryStore({ now }),
    content,
    senders: {
      whatsapp: createWhatsAppSender({
        graphUrl: graph.url,
        phoneNumberId: '106540352242922',
        accessToken: 'test-access-token',
      }),
      sms: twilioSender,
      'twilio-whatsapp': twilioSender,
    },
    pseudonymise: createPseudonymiser('console-test-secret-console-test-secret'),
    addresses: createAddressCipher('console-test-secret-console-test-secret'),
    log,
    now,
    newId: () => crypto.randomUUID(),
    metrics: createMemoryMetrics(),
    smsFallback: { from: SMS_FALLBACK_FROM },
    retention: DEFAULT_RETENTION,
  };
  const staff = createMemoryStaffStore({ now });
  const admin = accountAdmin(staff, now);
  for (const [name, role] of Object.entries(STAFF)) await admin.add(name, role, PASSWORD);
  const hotline = createHandoffService(deps);
  const pending: Promise<void>[] = [];
  const app = createApp(deps, {
    whatsapp: { verifyToken: 'verify', appSecret: APP_SECRET },
    twilio: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiUrl: twilio.url },
    defer: (work) => void pending.push(work()),
    console: {
      staff,
      handoff: hotline,
      reengage: [TEMPLATE],
    },
  });
  const served = await listen(app.fetch);
  let n = 0;

  /** A person writes on WhatsApp (Cloud API), through the signed webhook. */
  async function whatsapp(from: string, text: string) {
    // The profile name carries the text too: the XSS tests need it rendered inert as well.
    const body = whatsappTextBody(
      from,
      `wamid.console.${++n}.${Date.now()}`,
      text,
      now(),
      text.slice(0, 30),
    );
    const res = await fetch(await metaRequest(`${served.url}/webhooks/whatsapp`, body, APP_SECRET));
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
    await idle();
    return deps.pseudonymise(`whatsapp:${from}`);
  }

  /** A person writes by SMS, through Twilio's signed webhook; returns the TwiML answer. */
  async function sms(from: string, text: string) {
    const url = `${served.url}/webhooks/twilio`;
    const body = new URLSearchParams({
      MessageSid: `SM${String(++n).padStart(32, '0')}`,
      AccountSid: ACCOUNT_SID,
      From: from,
      To: '+15550109999',
      Body: text,
      NumMedia: '0',
    }).toString();
    const res = await fetch(twilioRequest(url, body));
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
    await idle();
    return { key: await deps.pseudonymise(`sms:${from}`), twiml: await res.text() };
  }

  async function idle() {
    while (pending.length) await Promise.all(pending.splice(0));
  }

  return {
    url: served.url,
    deps,
    staff,
    graph,
    twilio,
    clock,
    log,
    /** The handoff service the console uses. */
    hotline,
    whatsapp,
    sms,
    idle,
    async close() {
      await served.close();
      await graph.close();
      await twilio.close();
    },
  };
}

export type ConsoleApp = Awaited<ReturnType<typeof startConsoleApp>>;

/**
 * The console app and Chromium for one describe block, started before its tests and closed
 * after them; `as(username)` logs in on a page of a browser context of its own.
 */
export function consoleInChromium() {
  let app: ConsoleApp | undefined;
  let chromium: Awaited<ReturnType<typeof launchChromium>> | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    app = await startConsoleApp();
    chromium = await launchChromium();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await chromium?.close();
    await app?.close();
  });
  const started = () => {
    if (!app || !chromium) throw new Error('the console app has not started');
    return { app, chromium };
  };
  return {
    get app(): ConsoleApp {
      return started().app;
    },
    async as(username: string): Promise<Page> {
      const { app, chromium } = started();
      const context = await chromium.browser.newContext();
      contexts.push(context);
      const page = await context.newPage();
      await login(page, app.url, username);
      return page;
    },
  };
}

export async function login(page: Page, base: string, username: string, password = PASSWORD) {
  await page.goto(`${base}/console/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
}
