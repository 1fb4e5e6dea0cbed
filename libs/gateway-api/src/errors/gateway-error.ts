import { TRPCError, type TRPC_ERROR_CODE_KEY } from '@trpc/server';

export interface FieldIssue {
  /** Dotted path of the offending input field, e.g. `metadata.birth_day`. */
  path: string;
  message: string;
}

/**
 * What the error formatter may tell a client beyond the code and message; its own `cause` (what
 * went wrong inside) is for the logs only, never shown to the client.
 */
export class ErrorDetails extends Error {
  override readonly name = 'ErrorDetails';
  constructor(
    readonly retryAfterMs?: number,
    readonly issues?: readonly FieldIssue[],
    options?: ErrorOptions,
  ) {
    super('error details', options);
  }
}

/** A TRPCError whose message is written for the client and safe to show as-is. */
export function gatewayError(
  code: TRPC_ERROR_CODE_KEY,
  message: string,
  details: { retryAfterMs?: number; issues?: readonly FieldIssue[]; cause?: unknown } = {},
): TRPCError {
  const hasDetails =
    details.retryAfterMs !== undefined ||
    details.issues !== undefined ||
    details.cause !== undefined;
  return new TRPCError({
    code,
    message,
    cause: hasDetails
      ? new ErrorDetails(
          details.retryAfterMs,
          details.issues,
          details.cause === undefined ? undefined : { cause: details.cause },
        )
      : undefined,
  });
}

export const notFound = (what: string) => gatewayError('NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'Not allowed for this role') =>
  gatewayError('FORBIDDEN', message);
