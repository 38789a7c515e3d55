/**
 * Coded errors. The core throws none: content problems become `problem` effects with a code
 * and a safe fallback, so a bad content edit never crashes a conversation. What can fail is a
 * store, and the runtime branches on its code.
 */
export type StoreErrorCode = 'conflict' | 'unavailable';

/** `conflict`: the record changed since it was loaded (retry the step); `unavailable`: 503. */
export class StoreError extends Error {
  override name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
