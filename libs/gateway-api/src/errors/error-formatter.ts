import type { TRPCError, TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { ErrorDetails, type FieldIssue } from './gateway-error';

/** The `data` every gateway error carries: no stack, no internal text, hints where useful. */
export interface GatewayErrorData {
  code: TRPC_ERROR_CODE_KEY;
  httpStatus: number;
  path?: string;
  /** Invalid input: every offending field. */
  issues?: FieldIssue[];
  /** Rate limited or upstream unavailable: when trying again makes sense. */
  retryAfterMs?: number;
}

interface ZodLikeIssue {
  path: PropertyKey[];
  message: string;
}

function zodIssues(cause: unknown): FieldIssue[] | undefined {
  const issues = (cause as { issues?: ZodLikeIssue[] } | undefined)?.issues;
  if (!Array.isArray(issues) || (cause as Error).name !== 'ZodError') return undefined;
  return issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(input)',
    message: issue.message,
  }));
}

const GENERIC: Partial<Record<TRPC_ERROR_CODE_KEY, string>> = {
  INTERNAL_SERVER_ERROR: 'Internal server error',
  PARSE_ERROR: 'Request could not be parsed',
};

/**
 * Shapes every error the client sees. Unexpected errors (anything not raised on purpose as a
 * TRPCError) become a bare "Internal server error": their text may name hosts, SQL or keys.
 */
export function formatGatewayError(opts: {
  shape: {
    message: string;
    code: number;
    data: { code: TRPC_ERROR_CODE_KEY; httpStatus: number; path?: string };
  };
  error: TRPCError;
}) {
  const { shape, error } = opts;
  // Output validation also fails with a ZodError, as an internal error: its issues stay private.
  const inputIssues = shape.data.code === 'BAD_REQUEST' ? zodIssues(error.cause) : undefined;
  const issues =
    inputIssues ?? (error.cause instanceof ErrorDetails ? error.cause.issues : undefined);
  const retryAfterMs = error.cause instanceof ErrorDetails ? error.cause.retryAfterMs : undefined;
  const data: GatewayErrorData = {
    code: shape.data.code,
    httpStatus: shape.data.httpStatus,
    ...(shape.data.path ? { path: shape.data.path } : {}),
    ...(issues ? { issues: [...issues] } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  };
  let message = GENERIC[data.code] ?? shape.message;
  if (inputIssues)
    message = `Invalid input: ${[...new Set(inputIssues.map((issue) => issue.path))].join(', ')}`;
  return { message, code: shape.code, data };
}

/** The `Retry-After` header (whole seconds) for a response carrying these errors. */
export function retryAfterHeader(errors: readonly TRPCError[]): string | undefined {
  const hints = errors
    .map((error) => (error.cause instanceof ErrorDetails ? error.cause.retryAfterMs : undefined))
    .filter((ms): ms is number => ms !== undefined);
  if (hints.length === 0) return undefined;
  return String(Math.max(1, Math.ceil(Math.max(...hints) / 1000)));
}
