/** The console's stylesheet, served as a file (the CSP forbids inline style). Phone first. */
export const CONSOLE_CSS = `
:root { --fg: #1b1b1b; --muted: #666; --line: #ddd; --urgent: #b00020; --ok: #1b6e3a;
  --bg: #fafafa; --card: #fff; --accent: #0b5394; font-family: system-ui, sans-serif; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: var(--bg); line-height: 1.4; }
body.offline .nav { border-bottom: 3px solid #e69500; }
main { max-width: 60rem; margin: 0 auto; padding: 0.75rem; }
h1 { font-size: 1.3rem; margin: 0.5rem 0 1rem; text-transform: capitalize; }
h2 { font-size: 1.05rem; }
a { color: var(--accent); }
.nav { display: flex; flex-wrap: wrap; gap: 0.4rem 1rem; align-items: center; padding: 0.5rem 0.75rem;
  background: #fff; border-bottom: 1px solid var(--line); }
.nav .brand { font-weight: 700; text-decoration: none; color: var(--fg); }
.nav .spacer { flex: 1; }
.nav .who { color: var(--muted); font-size: 0.9rem; }
.badge { display: inline-block; min-width: 1.5em; padding: 0 0.4em; border-radius: 1em; text-align: center;
  background: var(--urgent); color: #fff; font-weight: 700; }
.badge.empty { background: var(--line); color: var(--muted); }
.alert { background: var(--urgent); color: #fff; padding: 0.75rem; font-weight: 700; text-align: center; }
.alert a { color: #fff; }
.flash { padding: 0.5rem 0.75rem; background: #e7f3ea; border-left: 4px solid var(--ok); }
.flash.bad { background: #fde8ea; border-left-color: var(--urgent); }
.muted { color: var(--muted); }
table { width: 100%; border-collapse: collapse; background: var(--card); }
th, td { text-align: left; padding: 0.45rem; border-bottom: 1px solid var(--line); vertical-align: top; }
tr.high { background: #fff1f2; }
.sev { font-weight: 700; }
.sev.high { color: var(--urgent); }
td.key { font-family: monospace; font-size: 0.8rem; word-break: break-all; }
@media (max-width: 40rem) {
  table.queue thead { display: none; }
  table.queue tr { display: block; border-bottom: 2px solid var(--line); }
  table.queue td { display: inline-block; border: 0; padding: 0.2rem 0.45rem; }
}
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0 0 1rem; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; }
.revealed { font-weight: 700; color: var(--urgent); }
.transcript { list-style: none; padding: 0; margin: 0 0 1rem; }
.line { margin: 0.4rem 0; padding: 0.5rem 0.7rem; border-radius: 0.6rem; max-width: 85%; background: var(--card);
  border: 1px solid var(--line); }
.line.person { margin-right: auto; }
.line.bot { margin-left: auto; background: #eef3f8; }
.line.agent { margin-left: auto; background: #e3f1e6; }
.line.failed { border: 2px solid var(--urgent); }
.line .meta, .notes .meta { font-size: 0.8rem; color: var(--muted); }
.delivery.failed { color: var(--urgent); font-weight: 700; }
.text { margin: 0.2rem 0 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.notes ul { list-style: none; padding: 0; }
.notes li { background: #fffbe6; border: 1px solid #f0e2a0; padding: 0.4rem 0.6rem; margin: 0.3rem 0; }
.actions { display: grid; gap: 0.75rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 0.5rem; padding: 0.75rem; }
.card.warn { border-color: #e69500; background: #fff8e6; }
.narrow { max-width: 24rem; }
label { display: block; margin-bottom: 0.5rem; }
input, textarea, select { display: block; width: 100%; margin-top: 0.25rem; padding: 0.5rem; font: inherit;
  border: 1px solid #bbb; border-radius: 0.3rem; }
button { font: inherit; padding: 0.5rem 1rem; border-radius: 0.3rem; border: 1px solid var(--accent);
  background: var(--accent); color: #fff; cursor: pointer; }
button.link { background: none; border: 0; color: var(--accent); padding: 0; text-decoration: underline; }
form.inline { display: inline; }
.phone { max-width: 26rem; background: #e5ddd5; padding: 0.75rem; border-radius: 0.75rem; }
.phone.sms { background: #f2f2f2; }
.bubble { background: #fff; border-radius: 0.5rem; padding: 0.5rem 0.7rem; margin: 0.4rem 0; max-width: 90%; }
.bubble.you { margin-left: auto; background: #dcf8c6; }
.phone.sms .bubble.you { background: #cfe3ff; }
.bubble .taps { display: grid; gap: 0.3rem; margin-top: 0.5rem; }
.bubble .taps button { background: #fff; color: #0a7cff; border: 1px solid #ddd; }
.bubble details summary { color: #0a7cff; cursor: pointer; margin-top: 0.4rem; }
.sim-controls { display: flex; gap: 0.5rem; flex-wrap: wrap; align-items: end; }
.sim-controls label { flex: 1; min-width: 8rem; }
/* Reports: server-drawn SVG charts; a count below five is a grey stub labelled "<5". */
.period { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin-bottom: 0.5rem; }
.chart { width: 100%; height: auto; background: var(--card); border: 1px solid var(--line); }
.chart text { font-size: 11px; fill: var(--fg); }
.chart .axis { stroke: var(--muted); }
.chart .bar rect { fill: var(--accent); }
.chart .bar.small rect { fill: #bbb; }
.chart .target { stroke: var(--urgent); stroke-dasharray: 6 4; }
.chart .series polyline { fill: none; stroke-width: 2; }
.chart .median polyline, .chart .median circle { stroke: var(--accent); fill: var(--accent); }
.chart .p90 polyline, .chart .p90 circle { stroke: #e69500; fill: #e69500; }
.chart .median polyline, .chart .p90 polyline { fill: none; }
.key-median { color: var(--accent); font-weight: 700; }
.key-p90 { color: #b36f00; font-weight: 700; }
.columns { display: flex; flex-wrap: wrap; gap: 1rem; margin: 0.75rem 0; }
.columns table.tally { flex: 1; min-width: 14rem; width: auto; }
table.tally caption { text-align: left; font-weight: 700; padding: 0.25rem 0; }
table.tally td.n { text-align: right; }
`;
