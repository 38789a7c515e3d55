/**
 * The reports from scripted conversations through the real pipeline: the counters the steps
 * wrote, turned into the report model, its charts and its CSV, with every figure below five
 * hidden.
 */
import { describe, expect, it } from 'vitest';
import { barLayout, lineLayout, STUB } from '../src/console/views/charts';
import { rawContent } from '../src/content/bundle';
import { compileContent } from '../src/content/compile';
import { createHandoffService } from '../src/handoff/service';
import { reportCsv } from '../src/reports/csv';
import { buildReport, lastWeeks, percentile, shown, weekOf } from '../src/reports/model';
import { receive } from '../src/runtime/inbound';
import { createMemoryMetrics, dayOf } from '../src/store/metrics';
import { EXPECTED, playReportTraffic } from './helpers/report-traffic';
import { testDeps } from './helpers/runtime';

const content = compileContent(rawContent);

async function scriptedReport() {
  const t = testDeps({ content, metrics: createMemoryMetrics() });
  let n = 0;
  await playReportTraffic({
    say: async (from, text) =>
      (
        await receive(t.deps, {
          channel: 'sms',
          messageId: `m${++n}`,
          from,
          at: 0,
          content: { type: 'text', text },
        })
      ).key,
    hotline: createHandoffService(t.deps),
    advance: t.universe.advance,
  });
  const today = dayOf(t.universe.now());
  const period = lastWeeks(today);
  const rows = (await t.deps.metrics?.read(period.from, period.to)) ?? [];
  return { report: buildReport(rows, period, 15), today };
}

const count = (tallies: { label: string; n: number }[], label: string) =>
  tallies.find((t) => t.label === label)?.n;

describe('the report of scripted conversations', () => {
  it('counts conversations, languages, topics, questions, escalations and privacy requests', async () => {
    const { report, today } = await scriptedReport();
    expect(report.weeks).toHaveLength(8);
    expect(report.startedPerWeek.at(-1)).toEqual({ label: weekOf(today), n: EXPECTED.started });
    expect(report.startedPerWeek.slice(0, 7).every((w) => w.n === 0)).toBe(true);
    expect(report.byChannel).toEqual([{ label: 'sms', n: EXPECTED.started }]);
    expect(count(report.byLanguage, 'fr')).toBe(EXPECTED.french);
    expect(report.cities).toEqual([{ label: 'gao', n: 1 }]);
    expect(count(report.questions, 'not_understood')).toBe(EXPECTED.notUnderstood);
    expect(count(report.questions, 'answered')).toBe(1);
    // Seen 6 times: listed; "wibble wobble frobnicate", seen once: never shown.
    expect(report.unknownWords).toEqual([{ label: EXPECTED.unknownWords, n: 6 }]);
    expect(report.escalationsByCategory).toEqual([{ label: 'danger', n: EXPECTED.escalations }]);
    expect(report.escalationsBySeverity).toEqual([{ label: 'high', n: EXPECTED.escalations }]);
    expect(report.optOuts).toBe(1);
    expect(report.erasures).toBe(1);
    expect(report.firstReply.at(-1)).toEqual({
      week: weekOf(today),
      n: 5,
      median: EXPECTED.median,
      p90: EXPECTED.p90,
    });
    expect(report.flows.length).toBeGreaterThan(0);
    expect(report.topNodes.length).toBeLessThanOrEqual(10);
  });

  it('writes a CSV with every figure below five as "<5" and nothing a spreadsheet would run', async () => {
    const { report, today } = await scriptedReport();
    const csv = reportCsv(report);
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('section,label,value');
    expect(lines).toContain(`conversations_started_week,${weekOf(today)},13`);
    expect(lines).toContain('conversations_by_channel,sms,13');
    expect(lines).toContain('cities,gao,<5');
    expect(lines).toContain('erasures,all,<5');
    expect(lines).toContain('opt_outs,all,<5');
    expect(lines).toContain(`not_understood_words,${EXPECTED.unknownWords},6`);
    expect(lines).toContain(`first_reply_median_minutes,${weekOf(today)},10`);
    expect(lines).toContain(`first_reply_p90_minutes,${weekOf(today)},45`);
    expect(csv).not.toMatch(/wibble|,[1-4]\r\n/);
    const injected = reportCsv({ ...report, cities: [{ label: '=HYPERLINK("x")', n: 9 }] });
    expect(injected).toContain(`cities,"'=HYPERLINK(""x"")",9`);
  });
});

describe('report arithmetic', () => {
  it('takes a percentile as the upper bound of the bucket where the running count crosses it', () => {
    const buckets = new Map([
      [5, 2],
      [15, 2],
      [60, 1],
    ]);
    expect(percentile(buckets, 0.5)).toBe(15);
    expect(percentile(buckets, 0.4)).toBe(5);
    expect(percentile(buckets, 0.9)).toBe(60);
    expect(percentile(new Map(), 0.5)).toBeNull();
    expect(percentile(new Map([[Number.POSITIVE_INFINITY, 5]]), 0.5)).toBe(Infinity);
  });

  it('shows every figure below five as "<5", zero included', () => {
    expect([0, 1, 4, 5, 120].map(shown)).toEqual(['<5', '<5', '<5', '5', '120']);
  });

  it('starts weeks on Monday and defaults to the last eight', () => {
    expect(weekOf('2026-11-22')).toBe('2026-11-16'); // a Sunday
    expect(weekOf('2026-11-16')).toBe('2026-11-16');
    expect(lastWeeks('2026-11-22')).toEqual({ from: '2026-09-28', to: '2026-11-22' });
  });
});

describe('the charts', () => {
  it('scales bars to the largest count and draws counts below five as labelled stubs', () => {
    const bars = barLayout(
      [
        { label: 'a', n: 20 },
        { label: 'b', n: 10 },
        { label: 'c', n: 3 },
        { label: 'd', n: 0 },
      ],
      100,
    );
    expect(bars.map((b) => [b.value, b.height, b.small])).toEqual([
      ['20', 100, false],
      ['10', 50, false],
      ['<5', STUB, true],
      ['<5', STUB, true],
    ]);
  });

  it('puts no stub taller than a five would be', () => {
    const [five, four] = barLayout(
      [
        { label: 'a', n: 5 },
        { label: 'b', n: 4 },
      ],
      100,
    );
    expect(five?.height).toBe(100);
    expect(four?.height).toBe(STUB);
  });

  it('draws reply times only for weeks of five replies or more, and the target as a line', () => {
    const { points, targetY } = lineLayout(
      [
        { week: '2026-11-09', n: 4, median: 5, p90: 10 },
        { week: '2026-11-16', n: 5, median: 10, p90: 45 },
        { week: '2026-11-23', n: 9, median: 15, p90: Number.POSITIVE_INFINITY },
      ],
      15,
      100,
    );
    expect(points[0]?.median).toBeUndefined();
    expect(points[1]?.median?.value).toBe('10');
    expect(points[1]?.p90?.value).toBe('45');
    expect(points[2]?.p90?.value).toBe('>1440');
    // Higher times are higher up (smaller y); the target sits where a 15 does.
    expect(points[1]?.p90?.y).toBeLessThan(points[1]?.median?.y ?? 0);
    expect(points[2]?.median?.y).toBe(targetY);
  });
});
