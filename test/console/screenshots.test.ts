/**
 * The README's pictures of the console, from a real run (fictional numbers, made-up messages).
 * Every test run takes them, into a temporary folder, and checks they are real pictures;
 * `SCREENSHOTS=1 npx vitest run test/console/screenshots.test.ts` writes them into docs/ for
 * the README instead, so `npm test` never rewrites the committed ones.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers/child';
import { tempDir } from '../helpers/temp';
import { chromiumReady, launchChromium, login, startConsoleApp } from './harness';

const folder = process.env.SCREENSHOTS === '1' ? join(root, 'docs') : tempDir('screenshots');
const PNG = [0x89, 0x50, 0x4e, 0x47];

describe.skipIf(!chromiumReady())('console screenshots', { timeout: 60_000 }, () => {
  it('takes the queue and a conversation', async () => {
    const app = await startConsoleApp();
    const chromium = await launchChromium();
    try {
      const main = await app.whatsapp('15550100601', 'they took my passport and beat me');
      await app.sms('+15550100602', "je n'ai rien mangé depuis trois jours");
      await app.sms('+15550100602', '1');
      await app.whatsapp('15550100603', 'je veux parler à une personne');
      await app.whatsapp('15550100604', 'on nous garde enfermés dans une maison à Gao');
      const page = await (
        await chromium.browser.newContext({ viewport: { width: 1100, height: 640 } })
      ).newPage();
      await login(page, app.url, 'awa');
      await page.goto(`${app.url}/console/c/${main}`);
      await page.click('text=Take this conversation');
      await page.fill(
        'form[action$="/reply"] textarea',
        'Hello, my name is Awa, I work with the hotline. Are you somewhere safe right now?',
      );
      await page.click('form[action$="/reply"] button');
      await app.idle();
      await app.whatsapp(
        '15550100601',
        'yes I am at the bus station in Gao. they still have my passport',
      );
      await page.fill(
        'form[action$="/note"] textarea',
        'Passport held by employer. Refer to the Gao transit centre.',
      );
      await page.click('form[action$="/note"] button');
      await page.goto(`${app.url}/console/c/${main}`);
      await page.screenshot({ path: join(folder, 'console-conversation.png'), fullPage: true });
      await page.goto(`${app.url}/console`);
      await page.screenshot({ path: join(folder, 'console-queue.png') });
      for (const name of ['console-conversation.png', 'console-queue.png']) {
        const png = readFileSync(join(folder, name));
        expect([...png.subarray(0, 4)]).toEqual(PNG);
        expect(png.length).toBeGreaterThan(10_000);
      }
    } finally {
      await chromium.close();
      await app.close();
    }
  });
});
