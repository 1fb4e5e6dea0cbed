import type { z } from 'zod';
import { AsleepInvalidRequestError, type AsleepIssue } from './errors';

export const ASLEEP_OPERATIONS = [
  'createUser',
  'getUser',
  'updateUser',
  'deleteUser',
  'getSession',
  'listSessions',
  'deleteSession',
  'getAverageStats',
] as const;
export type AsleepOperation = (typeof ASLEEP_OPERATIONS)[number];

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** What an operation sends; the transport adds the API key. */
export interface AsleepRequest {
  method: HttpMethod;
  /** Path and query, already encoded. */
  path: string;
  /** `x-user-id`, on the session endpoints (Asleep contract 1). */
  userId?: string;
  /** `timezone` header (Asleep contract 7.3). */
  timezone?: string;
  /** JSON text. */
  body?: string;
}

/** The static description of one REST operation. */
export interface OperationSpec {
  name: AsleepOperation;
  /** Safe to repeat: only these are retried (Asleep contract 4.4: POST /users mints a user each time). */
  idempotent: boolean;
  /** Deletes: a 404 means the thing is already gone (Asleep contract 4.4). */
  notFoundIsDone: boolean;
}

export function issuesOf(error: z.ZodError): AsleepIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

/** Parses caller input, throwing before any request leaves. */
export function validateInput<S extends z.ZodType>(
  operation: AsleepOperation,
  schema: S,
  value: unknown,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = issuesOf(parsed.error);
  return throwInvalid(operation, issues);
}

export function throwInvalid(operation: AsleepOperation, issues: AsleepIssue[]): never {
  const detail = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  throw new AsleepInvalidRequestError({ operation, source: 'client', detail, issues });
}
