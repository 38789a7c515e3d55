/**
 * Coded errors. The core throws none: content problems become `problem` effects with a code
 * and a safe fallback, so a bad content edit never crashes a conversation. What can fail is a
 * store, and the runtime branches on its code.
 */
export type StoreErrorCode = 'conflict' | 'unavailable';

/** `conflict`: the record changed since it was loaded (retry the step); `unavailable`: 503. */
export class StoreError extends Error {
  override name = 'StoreError';
  /**
   * The store went away after the command was sent: it may have been carried out, its answer
   * lost. False when the command surely did not run (refused before it was sent, or by the
   * store's own answer).
   * Most callers need not care: a retry finds what was done. The one that must is a change
   * whose effect cannot be found again later (see runtime/in-band.ts).
   */
  readonly uncertain: boolean;
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown; uncertain?: boolean },
  ) {
    super(message, options);
    this.uncertain = options?.uncertain ?? false;
  }
}
