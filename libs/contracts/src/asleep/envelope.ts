import { z } from 'zod';

/**
 * Asleep's success body `{detail, result}`. `detail` varies ("success", "sucess", "OK") and is
 * never a success signal: the HTTP status is (Asleep contract 1).
 */
export function asleepSuccessSchema<T extends z.ZodType>(result: T) {
  return z.object({ detail: z.string().optional(), result });
}
export type AsleepSuccess<T> = { detail?: string; result: T };

/** One entry of a FastAPI-style 422 `detail` list; every key is optional since the shape is inferred. */
export const AsleepValidationIssueSchema = z.looseObject({
  loc: z.array(z.union([z.string(), z.number()])).optional(),
  msg: z.string().optional(),
  type: z.string().optional(),
});
export type AsleepValidationIssue = z.infer<typeof AsleepValidationIssueSchema>;

/** Asleep contract 1: `{detail}` where `detail` is a message or, on 422, a list of issues. */
export const AsleepErrorSchema = z.object({
  detail: z.union([z.string(), z.array(AsleepValidationIssueSchema)]),
});
export type AsleepErrorBody = z.infer<typeof AsleepErrorSchema>;

/** A one-line message for logs and error objects. */
export function asleepErrorMessage(error: AsleepErrorBody): string {
  if (typeof error.detail === 'string') return error.detail;
  return error.detail
    .map((issue) => [issue.loc?.join('.'), issue.msg ?? issue.type].filter(Boolean).join(': '))
    .join('; ');
}

/** Asleep contract 4.1: rate limiting is a 403 told apart from terminal 403s only by its text. */
export function isAsleepRateLimit(error: AsleepErrorBody): boolean {
  return typeof error.detail === 'string' && /rate limit/i.test(error.detail);
}
