import { SMALL, shown, shownMinutes, type Tally, type WeekTimes } from '../../reports/model';

/**
 * Two hand-written SVG charts drawn on the server (bars and lines need no chart library).
 * Colours and fonts come from the stylesheet by class: the CSP allows no inline style.
 */

const W = 640;
const H = 200;
const PAD = { top: 16, right: 8, bottom: 36, left: 40 };
const PLOT_H = H - PAD.top - PAD.bottom;
/** A count below five is drawn as a stub of this height, labelled "<5", never to scale. */
export const STUB = 4;

export interface Bar {
  label: string;
  /** What the bar says: its count, or "<5". */
  value: string;
  height: number;
  small: boolean;
}

/** Bars scaled to the largest count that may be shown; counts below five become stubs. */
export function barLayout(tallies: readonly Tally[], plotHeight = PLOT_H): Bar[] {
  const max = Math.max(SMALL, ...tallies.map((t) => t.n));
  return tallies.map((t) => {
    const small = t.n < SMALL;
    return {
      label: t.label,
      value: shown(t.n),
      height: small ? STUB : Math.round((t.n / max) * plotHeight),
      small,
    };
  });
}

export function BarChart(props: { title: string; tallies: readonly Tally[] }) {
  const bars = barLayout(props.tallies);
  const slot = (W - PAD.left - PAD.right) / Math.max(1, bars.length);
  const base = PAD.top + PLOT_H;
  return (
    <svg class="chart bars" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.title}>
      <title>{props.title}</title>
      <line class="axis" x1={PAD.left} y1={base} x2={W - PAD.right} y2={base} />
      {bars.map((b, i) => {
        const x = PAD.left + i * slot;
        return (
          <g class={b.small ? 'bar small' : 'bar'} data-label={b.label} data-value={b.value}>
            <rect x={x + slot * 0.15} y={base - b.height} width={slot * 0.7} height={b.height} />
            <text class="value" x={x + slot / 2} y={base - b.height - 3} text-anchor="middle">
              {b.value}
            </text>
            <text class="label" x={x + slot / 2} y={base + 14} text-anchor="middle">
              {b.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export interface LinePoint {
  week: string;
  x: number;
  /** Undefined when the week had fewer than five replies: no point is drawn. */
  median?: { y: number; value: string };
  p90?: { y: number; value: string };
}

/**
 * Median and 90th percentile per week against the target line. A week with fewer than five
 * first replies has no point (its times could describe one person); a time past the last
 * bucket is drawn at the top.
 */
export function lineLayout(weeks: readonly WeekTimes[], target: number, plotHeight = PLOT_H) {
  const finite = weeks
    .filter((w) => w.n >= SMALL)
    .flatMap((w) => [w.median, w.p90])
    .filter((m): m is number => m !== null && Number.isFinite(m));
  const max = Math.max(target, ...finite) * 1.2;
  const yOf = (m: number) =>
    PAD.top + plotHeight - Math.round((Math.min(m, max) / max) * plotHeight);
  const slot = (W - PAD.left - PAD.right) / Math.max(1, weeks.length);
  const at = (m: number | null, enough: boolean) =>
    enough && m !== null ? { y: yOf(m), value: shownMinutes(m) } : undefined;
  const points: LinePoint[] = weeks.map((w, i) => ({
    week: w.week,
    x: Math.round(PAD.left + i * slot + slot / 2),
    median: at(w.median, w.n >= SMALL),
    p90: at(w.p90, w.n >= SMALL),
  }));
  return { points, targetY: yOf(target), max };
}

export function LineChart(props: { title: string; weeks: readonly WeekTimes[]; target: number }) {
  const { points, targetY } = lineLayout(props.weeks, props.target);
  const base = PAD.top + PLOT_H;
  const path = (pick: (p: LinePoint) => { y: number } | undefined) =>
    points
      .filter((p) => pick(p))
      .map((p) => `${p.x},${pick(p)?.y}`)
      .join(' ');
  const series = [
    { name: 'median', pick: (p: LinePoint) => p.median },
    { name: 'p90', pick: (p: LinePoint) => p.p90 },
  ];
  return (
    <svg class="chart lines" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.title}>
      <title>{props.title}</title>
      <line class="axis" x1={PAD.left} y1={base} x2={W - PAD.right} y2={base} />
      <line class="target" x1={PAD.left} y1={targetY} x2={W - PAD.right} y2={targetY} />
      <text class="target-label" x={PAD.left - 4} y={targetY + 4} text-anchor="end">
        {props.target}
      </text>
      {series.map((s) => (
        <g class={`series ${s.name}`}>
          <polyline points={path(s.pick)} />
          {points.map((p) => {
            const point = s.pick(p);
            return point ? (
              <circle cx={p.x} cy={point.y} r={3} data-week={p.week} data-value={point.value} />
            ) : null;
          })}
        </g>
      ))}
      {points.map((p) => (
        <text class="label" x={p.x} y={base + 14} text-anchor="middle">
          {p.week.slice(5)}
        </text>
      ))}
    </svg>
  );
}
