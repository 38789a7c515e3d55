/**
 * The console against hostile input, in a real browser: what people write renders as text
 * and never runs (at least 50 payloads through a signed webhook), and a form posted from
 * another site is refused.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clean } from '../../src/core/text';
import { type ConsoleApp, chromiumReady, launchChromium, login, startConsoleApp } from './harness';
import { XSS_PAYLOADS } from './xss-payloads';

const ready = chromiumReady();

describe.skipIf(!ready)('console security in Chromium', { timeout: 60_000 }, () => {
  let app: ConsoleApp;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    app = await startConsoleApp();
    chromium = await launchChromium();
    context = await chromium.browser.newContext();
    page = await context.newPage();
    await login(page, app.url, 'awa');
  });
  afterAll(async () => {
    await context?.close();
    await chromium?.close();
    await app?.close();
  });

  it(`renders ${XSS_PAYLOADS.length} XSS payloads from a person as inert text`, async () => {
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(50);
    const person = '15550100301';
    const key = await app.whatsapp(person, 'they are beating me');
    for (const payload of XSS_PAYLOADS) await app.whatsapp(person, payload);
    // A note and a reply typed by staff go through the same rendering.
    const dialogs: string[] = [];
    const violations: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('console', (m) => {
      if (/Content Security Policy|Trusted Type/i.test(m.text())) violations.push(m.text());
    });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));

    await page.goto(`${app.url}/console/c/${key}`);
    await page.click('text=Take this conversation');
    await page.fill('form[action$="/note"] textarea', XSS_PAYLOADS[8] as string);
    await page.click('form[action$="/note"] button');
    await page.waitForTimeout(500); // give any injected handler a chance to fire

    const shown = await page.locator('.line.person .text').allTextContents();
    for (const payload of XSS_PAYLOADS) expect(shown).toContain(clean(payload));
    expect(await page.locator('.notes .text').last().textContent()).toBe(XSS_PAYLOADS[8]);
    expect(dialogs).toEqual([]);
    expect(violations).toEqual([]);
    const injected = await page.evaluate(() => ({
      scripts: [...document.scripts].map((s) => s.getAttribute('src')),
      elements: document.querySelectorAll(
        'main img, main svg, main iframe, main object, main embed, main video, main audio, main math, main a[href^="javascript"], main base, main meta, main style, main link, main details, main marquee, main template, main noscript',
      ).length,
      handlers: [...document.querySelectorAll('*')].filter((el) =>
        [...el.attributes].some((a) => a.name.startsWith('on')),
      ).length,
      pwned: document.body.dataset.pwned ?? null,
    }));
    expect(injected).toEqual({
      scripts: ['/console/static/console.js'],
      elements: 0,
      handlers: 0,
      pwned: null,
    });
    expect(requests.filter((u) => !u.startsWith(app.url))).toEqual([]);
  });

  it('refuses a form posted to the console from another site, even with the cookie', async () => {
    const key = await app.whatsapp('15550100302', 'help me i am in danger');
    // Another origin (a different port is a different origin, but the same site: SameSite
    // cookies are sent, so only the Origin check and the form token stand in the way).
    const evil = createServer((_, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!DOCTYPE html><form id=f method=post action="${app.url}/console/c/${key}/note">
        <input name=text value="forged"><input name=_csrf value="guess"></form>
        <script>document.getElementById('f').submit()</script>`);
    });
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
    const evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/`;
    try {
      const answered = page.waitForResponse((r) => r.url().includes(`/c/${key}/note`));
      await page.goto(evilUrl);
      expect((await answered).status()).toBe(403);
      expect((await app.deps.store.load(key))?.ctx.handoff?.notes).toEqual([]);
    } finally {
      evil.close();
    }
  });
});
