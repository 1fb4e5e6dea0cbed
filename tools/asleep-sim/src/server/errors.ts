/** A FastAPI-style validation issue, the shape of Asleep's 422 `detail` list (Asleep contract 1). */
export interface ValidationIssue {
  readonly type: string;
  readonly loc: ReadonlyArray<string | number>;
  readonly msg: string;
  readonly input?: unknown;
  readonly ctx?: Record<string, unknown>;
}

/** An error the sim answers with Asleep's envelope `{detail}`. */
export class AsleepHttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string | readonly ValidationIssue[],
  ) {
    super(typeof detail === 'string' ? detail : 'validation error');
  }
}

export const unauthorized = (detail = 'Unauthorized') => new AsleepHttpError(401, detail);
export const notFound = (detail: string) => new AsleepHttpError(404, detail);
export const badRequest = (detail: string) => new AsleepHttpError(400, detail);
export const unprocessable = (issues: readonly ValidationIssue[]) =>
  new AsleepHttpError(422, issues);

/** Success envelopes: user APIs say `success`, data APIs `OK` (Asleep contract 1). */
export const success = <T>(result: T) => ({ detail: 'success', result });
export const ok = <T>(result: T) => ({ detail: 'OK', result });
