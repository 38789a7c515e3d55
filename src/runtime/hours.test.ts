import { describe, expect, it } from 'vitest';
import { parseHours } from './hours';

// 2026-11-23 is a Monday.
const at = (day: number, h: number, m = 0) => Date.UTC(2026, 10, 23 + day, h, m);

describe('hotline hours', () => {
  it('is always open with "always"', () => {
    expect(parseHours('always')(at(5, 3))).toEqual({ open: true });
  });

  it('is open inside a window and says when it opens next outside', () => {
    const hours = parseHours('mon-fri 08:00-18:00; sat 09:00-13:00');
    expect(hours(at(0, 8))).toEqual({ open: true });
    expect(hours(at(0, 17, 59))).toEqual({ open: true });
    expect(hours(at(0, 18))).toEqual({ open: false, opensAt: at(1, 8) });
    expect(hours(at(4, 20))).toEqual({ open: false, opensAt: at(5, 9) });
    expect(hours(at(5, 14))).toEqual({ open: false, opensAt: at(7, 8) });
  });

  it('wraps a day range round the week', () => {
    const hours = parseHours('fri-mon 10:00-12:00');
    expect(hours(at(6, 11)).open).toBe(true); // Sunday
    expect(hours(at(1, 11)).open).toBe(false); // Tuesday
  });

  it.each(['weekdays', 'mon-fri 8-18', 'mon 18:00-08:00', 'xyz 08:00-09:00', 'mon 08:00-25:00'])(
    'refuses "%s" with a message that shows the expected form',
    (spec) => {
      expect(() => parseHours(spec)).toThrow(/is not like "mon-fri 08:00-18:00"/);
    },
  );
});
