import type { HotlineStatus } from '../core/conversation/events';

/**
 * The hotline's hours, from `SIRA_HOTLINE_HOURS`: `always`, or windows in Mali time (UTC, no
 * daylight saving) such as `mon-fri 08:00-18:00; sat 09:00-13:00`. Hand-written: a dozen lines
 * of parsing do not justify a scheduling library, and the format must read well in an env file.
 */
export type Hours = (now: number) => HotlineStatus;

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const DAY_MS = 86_400_000;
const WINDOW = /^([a-z]{3})(?:-([a-z]{3}))?\s+(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;

interface Window {
  days: Set<number>;
  /** Minutes after midnight. */
  from: number;
  to: number;
}

/** Parse the setting; throws with a message naming what is wrong (the config reports it). */
export function parseHours(spec: string): Hours {
  const text = spec.trim().toLowerCase();
  if (text === 'always') return () => ({ open: true });
  const windows = text.split(';').map((part) => parseWindow(part.trim()));
  return (now) => {
    if (windows.some((w) => within(w, now))) return { open: true };
    return { open: false, opensAt: nextOpening(windows, now) };
  };
}

function parseWindow(part: string): Window {
  const m = WINDOW.exec(part);
  const [, first, last, fh, fm, th, tm] = m ?? [];
  const start = DAYS.indexOf(first ?? '');
  const end = last ? DAYS.indexOf(last) : start;
  const from = Number(fh) * 60 + Number(fm);
  const to = Number(th) * 60 + Number(tm);
  if (!m || start < 0 || end < 0 || from >= to || to > 24 * 60) {
    throw new Error(`"${part}" is not like "mon-fri 08:00-18:00"`);
  }
  const days = new Set<number>();
  for (let d = start; ; d = (d + 1) % 7) {
    days.add(d);
    if (d === end) break;
  }
  return { days, from, to };
}

function within(w: Window, at: number): boolean {
  const date = new Date(at);
  const minute = date.getUTCHours() * 60 + date.getUTCMinutes();
  return w.days.has(date.getUTCDay()) && minute >= w.from && minute < w.to;
}

/** The first window start after `now`, within the coming week. */
function nextOpening(windows: readonly Window[], now: number): number | undefined {
  const midnight = Math.floor(now / DAY_MS) * DAY_MS;
  let best: number | undefined;
  for (let day = 0; day <= 7; day++) {
    const date = midnight + day * DAY_MS;
    const weekday = new Date(date).getUTCDay();
    for (const w of windows) {
      const start = date + w.from * 60_000;
      if (w.days.has(weekday) && start > now && (best === undefined || start < best)) best = start;
    }
  }
  return best;
}
