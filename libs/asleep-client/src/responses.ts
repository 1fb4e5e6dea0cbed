import { asleepErrorMessage, AsleepErrorSchema, isAsleepRateLimit } from '@sleep/contracts';
import type { z } from 'zod';
import {
  type AsleepError,
  AsleepForbiddenError,
  AsleepInvalidRequestError,
  AsleepInvalidResponseError,
  type AsleepIssue,
  AsleepNotFoundError,
  AsleepRateLimitedError,
  AsleepUnauthorizedError,
  AsleepUnavailableError,
} from './errors';
import { type AsleepOperation, issuesOf } from './operation';

const MAX_DETAIL_CHARS = 300;
const MAX_ISSUES = 10;

interface UpstreamDetail {
  detail: string | undefined;
  issues: AsleepIssue[];
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_DETAIL_CHARS ? `${flat.slice(0, MAX_DETAIL_CHARS)}…` : flat;
}

/** Asleep contract 1: `{detail}` holds a message, or on 422 a FastAPI-style list of issues. */
function readDetail(text: string, redact: (text: string) => string): UpstreamDetail {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { detail: text ? oneLine(redact(text)) : undefined, issues: [] };
  }
  const parsed = AsleepErrorSchema.safeParse(body);
  if (!parsed.success) return { detail: undefined, issues: [] };
  const issues =
    typeof parsed.data.detail === 'string'
      ? []
      : parsed.data.detail.slice(0, MAX_ISSUES).map((issue) => ({
          path: redact(issue.loc?.join('.') ?? ''),
          message: redact(issue.msg ?? issue.type ?? 'invalid'),
        }));
  return { detail: oneLine(redact(asleepErrorMessage(parsed.data))), issues };
}

/** Maps a non-success status to its typed error (Asleep contract 4.1, 4.2). */
export function errorForStatus(
  operation: AsleepOperation,
  status: number,
  text: string,
  redact: (text: string) => string,
): AsleepError {
  const { detail, issues } = readDetail(text, redact);
  const init = { operation, status, detail };
  if (status === 401) return new AsleepUnauthorizedError(init);
  if (status === 403) {
    return detail !== undefined && isAsleepRateLimit({ detail })
      ? new AsleepRateLimitedError(init)
      : new AsleepForbiddenError(init);
  }
  if (status === 404) return new AsleepNotFoundError(init);
  if (status >= 400 && status < 500) {
    return new AsleepInvalidRequestError({ ...init, source: 'upstream', issues });
  }
  if (status >= 500) return new AsleepUnavailableError({ ...init, reason: 'server_error' });
  return new AsleepInvalidResponseError({ ...init, detail: `unexpected status ${status}` });
}

/** JSON body checked against its contract schema; a mismatch is the upstream's fault, never `any`. */
export function parseBody<S extends z.ZodType>(
  operation: AsleepOperation,
  schema: S,
  { status, text }: { status: number; text: string },
): z.output<S> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new AsleepInvalidResponseError({
      operation,
      status,
      detail: 'body is not JSON',
      cause: error,
    });
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issues = issuesOf(parsed.error).slice(0, MAX_ISSUES);
  throw new AsleepInvalidResponseError({
    operation,
    status,
    detail: issues.map((i) => `${i.path || '(body)'}: ${i.message}`).join('; '),
    issues,
  });
}
