import { beforeAll, describe, expect, it } from 'vitest';
import { weekOf } from '../../src/reports/model';
import { dayOf } from '../../src/store/metrics';
import { EXPECTED, playReportTraffic, TRAFFIC_MS } from '../helpers/report-traffic';
import { type ConsoleApp, chromiumReady, consoleInChromium } from './harness';

const ready = chromiumReady();

/** Time the test itself takes on top of the traffic's clock moves, with room to spare. */
const SLACK_MS = 10 * 60_000;

/** 0 if the `ms` after `now` fall in one week (from Monday, UTC); else the time to its end. */
function untilWeekHolds(now: number, ms: number): number {
  const nextMonday = Date.parse(weekOf(dayOf(now))) + 7 * 86_400_000;
  return now + ms < nextMonday ? 0 : nextMonday - now;
}

describe.skipIf(!ready)('reports page in Chromium', { timeout: 60_000 }, () => {
  const ui = consoleInChromium();
  const { as } = ui;
  let app: ConsoleApp;

  beforeAll(async () => {
    app = ui.app;
    // The page counts by week, on the app's clock, which runs from the real time. Traffic played
    // late on a Sunday (UTC) would spill into the next week and leave this one nearly empty, so
    // then the clock starts at the next Monday instead (the test once failed at 23:10 on one).
    app.clock.offset += untilWeekHolds(app.deps.now(), TRAFFIC_MS + SLACK_MS);
    await playReportTraffic({
      say: async (from, text) => (await app.sms(from, text)).key,
      hotline: app.hotline,
      advance: (ms) => {
        app.clock.offset += ms;
      },
    });
  });

  const week = () => weekOf(dayOf(app.deps.now()));

  it('draws the weekly bars, the tables and the reply-time lines with the right numbers', async () => {
    const page = await as('sara');
    const refused: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') refused.push(m.text());
    });
    const res = await page.goto(`${app.url}/console/reports`);
    expect(res?.status()).toBe(200);
    const weekly = page.locator('svg.bars').first();
    const bars = weekly.locator('g.bar');
    expect(await bars.count()).toBe(8);
    const thisWeek = weekly.locator(`g.bar[data-label="${week()}"]`);
    expect(await thisWeek.getAttribute('data-value')).toBe(String(EXPECTED.started));
    expect(await thisWeek.locator('text.value').textContent()).toBe(String(EXPECTED.started));
    const full = Number(await thisWeek.locator('rect').getAttribute('height'));
    expect(full).toBeGreaterThan(100);
    // The seven earlier weeks had nobody: grey stubs labelled "<5", not to scale.
    const stubs = weekly.locator('g.bar.small');
    expect(await stubs.count()).toBe(7);
    expect(await stubs.first().locator('text.value').textContent()).toBe('<5');
    expect(Number(await stubs.first().locator('rect').getAttribute('height'))).toBe(4);
    const rendered = await thisWeek.locator('rect').boundingBox();
    expect(rendered?.height).toBeGreaterThan(50);

    expect(await page.locator('#channels td').allTextContents()).toEqual([
      'sms',
      String(EXPECTED.started),
    ]);
    expect(await page.locator('#cities td').allTextContents()).toEqual(['gao', '<5']);
    expect(await page.locator('#words td').allTextContents()).toEqual([EXPECTED.unknownWords, '6']);
    expect(await page.locator('#categories td').allTextContents()).toEqual([
      'danger',
      String(EXPECTED.escalations),
    ]);
    expect(await page.locator('#privacy dd').allTextContents()).toEqual(['<5', '<5']);
    expect(await page.content()).not.toContain('wibble');

    const lines = page.locator('svg.lines');
    expect(await lines.locator('line.target').count()).toBe(1);
    expect(await lines.locator('text.target-label').textContent()).toBe('15');
    const median = lines.locator(`.median circle[data-week="${week()}"]`);
    const p90 = lines.locator(`.p90 circle[data-week="${week()}"]`);
    expect(await median.getAttribute('data-value')).toBe(String(EXPECTED.median));
    expect(await p90.getAttribute('data-value')).toBe(String(EXPECTED.p90));
    // Only this week had five replies: one point per line.
    expect(await lines.locator('circle').count()).toBe(2);
    const [m, p, target] = await Promise.all([
      median.boundingBox(),
      p90.boundingBox(),
      lines.locator('line.target').boundingBox(),
    ]);
    // On screen: 45 minutes above the 15-minute target, 10 below it.
    expect(p?.y).toBeLessThan(target?.y ?? 0);
    expect(m?.y).toBeGreaterThan(target?.y ?? 0);
    // Nothing on the page broke the CSP (no inline style or script).
    expect(refused).toEqual([]);
  });

  it('downloads the CSV with the same numbers and the same "<5" rule', async () => {
    const page = await as('sara');
    await page.goto(`${app.url}/console/reports`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('a[download]'),
    ]);
    const path = await download.path();
    const { readFile } = await import('node:fs/promises');
    const lines = (await readFile(path, 'utf8')).trim().split('\r\n');
    expect(lines).toContain(`conversations_started_week,${week()},${EXPECTED.started}`);
    expect(lines).toContain('cities,gao,<5');
    expect(lines).toContain('erasures,all,<5');
    expect(lines).toContain(`first_reply_median_minutes,${week()},${EXPECTED.median}`);
    expect(download.suggestedFilename()).toMatch(
      /^sira-report-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv$/,
    );
  });

  it('refuses an agent, page and CSV', async () => {
    const page = await as('awa');
    expect(await page.locator('a[href="/console/reports"]').count()).toBe(0);
    expect((await page.goto(`${app.url}/console/reports`))?.status()).toBe(403);
    const csv = await page.request.get(`${app.url}/console/reports.csv`);
    expect(csv.status()).toBe(403);
    expect(await csv.text()).not.toContain('sms');
  });

  it('answers a malformed period with 400', async () => {
    const page = await as('adam');
    const res = await page.goto(`${app.url}/console/reports?from=2026-13-01&to=x`);
    expect(res?.status()).toBe(400);
  });
});
