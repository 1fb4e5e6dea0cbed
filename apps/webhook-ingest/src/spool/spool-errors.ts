/** An errno code such as ENOSPC when there is one: short, and free of paths. */
export const reasonOf = (error: unknown): string =>
  (error as NodeJS.ErrnoException).code ?? (error as Error).message;

/** The spool has no room for this record: answer 503 so that the sender retries later. */
export class SpoolFullError extends Error {
  override readonly name = 'SpoolFullError';
  constructor(readonly maxBytes: number) {
    super(`the spool holds its maximum of ${maxBytes} bytes`);
  }
}

/** The spool cannot be written (disk full, read-only, gone): answer 503. */
export class SpoolUnavailableError extends Error {
  override readonly name = 'SpoolUnavailableError';
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`the spool cannot be written: ${reason}`, options);
  }
}
