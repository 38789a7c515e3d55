/**
 * Coded errors. Core errors are programmer errors only: content problems become `problem`
 * effects with a code and a safe fallback, so a bad content edit never crashes a conversation.
 */
export type CoreErrorCode =
  | 'flow.invalid'
  | 'flow.node_missing'
  | 'content.invalid'
  | 'record.invalid'
  | 'event.unexpected';

export class CoreError extends Error {
  override name = 'CoreError';
  constructor(
    readonly code: CoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

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
