import { type Report, SMALL, shown, shownMinutes, type Tally } from './model';

/**
 * The report as CSV for programme managers (section, label, value), under the same rule as the
 * page: every count below five is "<5", and a week's reply times are given only when at least
 * five replies make them up.
 */
export function reportCsv(report: Report): string {
  const rows: string[][] = [['section', 'label', 'value']];
  const add = (section: string, tallies: readonly Tally[]) => {
    for (const t of tallies) rows.push([section, t.label, shown(t.n)]);
  };
  rows.push(['period', 'from', report.from], ['period', 'to', report.to]);
  add('conversations_started_week', report.startedPerWeek);
  add('conversations_by_channel', report.byChannel);
  add('languages', report.byLanguage);
  add('topics_by_flow', report.flows);
  add('top_nodes', report.topNodes);
  add('cities', report.cities);
  add('questions', report.questions);
  add('not_understood_words', report.unknownWords);
  add('escalations_by_category', report.escalationsByCategory);
  add('escalations_by_severity', report.escalationsBySeverity);
  rows.push(['opt_outs', 'all', shown(report.optOuts)]);
  rows.push(['erasures', 'all', shown(report.erasures)]);
  rows.push(['first_reply_target_minutes', 'all', String(report.targetMinutes)]);
  for (const w of report.firstReply) {
    const enough = w.n >= SMALL;
    rows.push(['first_replies_week', w.week, shown(w.n)]);
    rows.push(['first_reply_median_minutes', w.week, enough ? minutes(w.median) : '']);
    rows.push(['first_reply_p90_minutes', w.week, enough ? minutes(w.p90) : '']);
  }
  return `${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

const minutes = (m: number | null) => (m === null ? '' : shownMinutes(m));

/**
 * RFC 4180 quoting, and no cell a spreadsheet would run as a formula (OWASP CSV injection):
 * labels come from content and typed words, so one could start with `=`.
 */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
