/**
 * A deterministic universe for tests (goflow's MockUniverse): a clock that only moves when told
 * and ids from a counter, so expected outputs can hold literal times and ids.
 */
export function createUniverse(start = Date.UTC(2026, 10, 22, 9, 0, 0)) {
  let now = start;
  let ids = 0;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
    newId: () => `id-${String(++ids).padStart(4, '0')}`,
  };
}
