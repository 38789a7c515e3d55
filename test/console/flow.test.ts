import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ConsoleApp,
  chromiumReady,
  consoleInChromium,
  SMS_FALLBACK_FROM,
  TEMPLATE,
} from './harness';

const ready = chromiumReady();

describe.skipIf(!ready)('hotline console in Chromium', { timeout: 30_000 }, () => {
  const ui = consoleInChromium();
  const { as } = ui;
  let app: ConsoleApp;
  const base = () => `${app.url}/console`;
  const textsTo = (to: string) =>
    app.graph
      .sends()
      .filter((r) => r.body.to === to)
      .map((r) => r.body);

  beforeAll(() => {
    app = ui.app;
  });

  it('takes a WhatsApp escalation, replies, closes, and the bot answers again', async () => {
    const person = '15550100201';
    const key = await app.whatsapp(person, 'they are beating me, help');
    const page = await as('awa');
    await expect(page.title()).resolves.toMatch(/^\(\d+\) sira$/);
    const row = page.locator(`a[href="/console/c/${key}"]`).first();
    await expect(row.textContent()).resolves.toBe('URGENT');
    await row.click();
    await page.waitForURL(`**/c/${key}`);
    expect(await page.locator('.line.person .text').first().textContent()).toBe(
      'they are beating me, help',
    );
    expect(await page.locator('.line.bot').count()).toBeGreaterThan(0);
    // The number is masked for an agent.
    const number = await page.locator('.facts dd').nth(2).textContent();
    expect(number).not.toContain('0100201');
    expect(number).toMatch(/^\+155 •+ 01$/);

    await page.click('text=Take this conversation');
    await page.waitForSelector('textarea[name=text]');
    await page.fill('form[action$="/reply"] textarea', 'Hello, I am Awa. Are you safe now?');
    await page.click('form[action$="/reply"] button');
    await page.waitForSelector('.flash');
    await app.idle();
    const sent = textsTo(`+${person}`).at(-1) as { type: string; text: { body: string } };
    expect(sent.type).toBe('text');
    expect(sent.text.body).toBe('Hello, I am Awa. Are you safe now?');
    await page.reload();
    expect(await page.locator('.line.agent .delivery').last().textContent()).toContain('sent');

    // What the person writes next appears on the open page by itself.
    await app.whatsapp(person, 'yes I am safe now');
    await page.waitForSelector('.line.person .text >> text=yes I am safe now', { timeout: 12_000 });

    await page.fill('form[action$="/note"] textarea', 'Known to the Gao centre.');
    await page.click('form[action$="/note"] button');
    await expect(page.locator('.notes .text').last().textContent()).resolves.toBe(
      'Known to the Gao centre.',
    );

    await page.selectOption('select[name=outcome]', 'referred');
    await page.click('form[action$="/close"] button');
    await page.waitForURL('**/console?m=close');
    await app.idle();
    const closing = textsTo(`+${person}`).length;
    await app.whatsapp(person, 'menu');
    const after = textsTo(`+${person}`).slice(closing);
    expect(after.length).toBeGreaterThan(0);
    expect(after.some((b) => b.type === 'interactive')).toBe(true); // the bot's menu again
    expect((await app.deps.store.load(key))?.ctx.handoff).toBeUndefined();
    const actions = (await app.staff.auditLog(100))
      .filter((e) => e.target === key)
      .map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['view', 'claim', 'reply', 'note', 'close']));
  });

  it('answers an SMS escalation through Twilio', async () => {
    const person = '+15550100202';
    const { key } = await app.sms(person, 'ils me frappent');
    const page = await as('issa');
    await page.goto(`${base()}/c/${key}`);
    await page.click('text=Take this conversation');
    await page.fill('form[action$="/reply"] textarea', 'Bonjour, je suis Issa.');
    await page.click('form[action$="/reply"] button');
    await page.waitForSelector('.flash');
    await app.idle();
    const last = app.twilio.sends.at(-1);
    expect(last?.params).toMatchObject({ To: person, Body: 'Bonjour, je suis Issa.' });
  });

  it('shows a failed send on the message, with the provider code', async () => {
    const person = '15550100203';
    const key = await app.whatsapp(person, 'on veut me tuer');
    const page = await as('awa');
    await page.goto(`${base()}/c/${key}`);
    await page.click('text=Take this conversation');
    app.graph.failNext({ status: 400, code: 131026 }); // message undeliverable
    await page.fill('form[action$="/reply"] textarea', 'Are you there?');
    await page.click('form[action$="/reply"] button');
    await app.idle();
    await page.goto(`${base()}/c/${key}`);
    const line = page.locator('.line.agent.failed');
    await expect(line.count()).resolves.toBe(1);
    expect(await line.locator('.delivery').textContent()).toMatch(/failed \(131026/);
  });

  it('says the 24-hour window is closed before sending, and offers the approved template', async () => {
    const person = '15550100204';
    const key = await app.whatsapp(person, 'je suis en prison, aidez moi');
    const page = await as('awa');
    await page.goto(`${base()}/c/${key}`);
    await page.click('text=Take this conversation');
    // The person last wrote 25 hours ago (the staff session's clock stays where it is).
    await app.deps.store.withLock(key, async () => {
      const record = (await app.deps.store.load(key))!;
      const lastInboundAt = (record.lastInboundAt ?? 0) - 25 * 3_600_000;
      await app.deps.store.save({ ...record, seq: record.seq + 1, lastInboundAt }, record.seq);
    });
    await page.goto(`${base()}/c/${key}`);
    expect(await page.locator('.facts').textContent()).toContain('CLOSED');
    expect(await page.locator('form[action$="/reply"]').count()).toBe(0);
    await page.click('form[action$="/reengage"] button');
    await app.idle();
    const sent = textsTo(`+${person}`).at(-1) as { type: string; template: unknown };
    expect(sent.type).toBe('template');
    expect(sent.template).toMatchObject({
      name: TEMPLATE.name,
      language: { code: TEMPLATE.language },
    });
    await page.goto(`${base()}/c/${key}`);
    expect(await page.locator('.line.agent .text').last().textContent()).toBe(
      `[template ${TEMPLATE.name}]`,
    );
    // Or a reply by SMS to the same number, from the operator's fallback number.
    await page.fill('form[action$="/sms"] textarea', 'Bonjour, ici Awa. Êtes-vous en sécurité ?');
    await page.click('form[action$="/sms"] button');
    await app.idle();
    const sms = app.twilio.sends.at(-1)?.params;
    expect(sms).toMatchObject({
      To: `+${person}`,
      From: SMS_FALLBACK_FROM,
      Body: 'Bonjour, ici Awa. Etes-vous en sécurité ?',
    });
    await page.goto(`${base()}/c/${key}`);
    expect(await page.locator('.line.agent .text').last().textContent()).toBe(
      '[SMS] Bonjour, ici Awa. Êtes-vous en sécurité ?',
    );
  });

  it('makes a new urgent escalation impossible to miss on an open queue', async () => {
    const page = await as('issa');
    await page.goto(base());
    const before = Number(await page.locator('#badge').textContent());
    const key = await app.whatsapp('15550100205', 'i want to kill myself');
    await page.waitForFunction(
      (n) => Number(document.getElementById('badge')?.textContent) > n,
      before,
      { timeout: 12_000 },
    );
    expect(await page.locator('#alert').isVisible()).toBe(true);
    expect(await page.title()).toMatch(/URGENT|\(\d+\) sira/);
    // The queue table refreshed itself with the new row.
    await page.waitForSelector(`#queue a[href="/console/c/${key}"]`, { timeout: 12_000 });
  });

  it('lets a supervisor reveal a number, and audits it', async () => {
    const person = '15550100206';
    const key = await app.whatsapp(person, 'they locked me in a room');
    const page = await as('sara');
    await page.goto(`${base()}/c/${key}`);
    await page.click('text=Reveal the phone number');
    expect(await page.locator('.facts dd.revealed').textContent()).toBe(person);
    const reveal = (await app.staff.auditLog(50)).find(
      (e) => e.action === 'reveal' && e.target === key,
    );
    expect(reveal?.actor).toBe('sara');
    await page.goto(`${base()}/audit`);
    expect(await page.locator('table.audit').textContent()).toContain(key);
  });

  it('transfers to a colleague, who can then answer', async () => {
    const key = await app.whatsapp('15550100207', 'help me please i am in danger');
    const awa = await as('awa');
    await awa.goto(`${base()}/c/${key}`);
    await awa.click('text=Take this conversation');
    await awa.selectOption('select[name=to]', 'issa');
    await awa.click('form[action$="/transfer"] button');
    const issa = await as('issa');
    await issa.goto(`${base()}/c/${key}`);
    expect(await issa.locator('form[action$="/reply"]').count()).toBe(1);
  });

  it('lets a content editor talk to the bot in the simulator, as WhatsApp draws it', async () => {
    const page = await as('adam');
    await page.goto(`${base()}/simulator`);
    await page.selectOption('select[name=channel]', 'whatsapp');
    await page.selectOption('select[name=lng]', 'en');
    await page.click('button[name=start]');
    const taps = page.locator('.phone .taps button');
    expect(await taps.count()).toBeGreaterThan(1);
    const first = (await taps.first().textContent()) as string;
    await taps.first().click();
    expect(await page.locator('.bubble.you .text').last().textContent()).toBe(first);
    await page.selectOption('select[name=channel]', 'sms');
    await page.click('button[name=start]');
    expect(await page.locator('.phone.sms .bubble.bot .text').last().textContent()).toMatch(/1\./);
  });
});
