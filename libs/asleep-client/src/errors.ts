import type { AsleepOperation } from './operation';

export type AsleepErrorKind =
  | 'unauthorized'
  | 'rate_limited'
  | 'forbidden'
  | 'not_found'
  | 'invalid_request'
  | 'unavailable'
  | 'invalid_response';

/** Why the upstream could not be used. */
export type UnavailableReason = 'server_error' | 'timeout' | 'network' | 'breaker_open';

/** One validation problem, from our own input check or from an upstream 400/422 body. */
export interface AsleepIssue {
  path: string;
  message: string;
}

interface ErrorInit {
  operation: AsleepOperation;
  status?: number;
  detail?: string;
  cause?: unknown;
}

/**
 * Base of every error the client throws; switch on `kind`. Messages carry the operation, the
 * status and Asleep's `detail`, never a header or a request body.
 */
export abstract class AsleepError extends Error {
  abstract readonly kind: AsleepErrorKind;
  readonly operation: AsleepOperation;
  readonly status: number | undefined;
  /** Asleep's `detail`, one line (Asleep contract 1: error envelope). */
  readonly detail: string | undefined;
  /** Attempts made before giving up (0 when rejected before sending). */
  attempts = 1;

  protected constructor(message: string, init: ErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.operation = init.operation;
    this.status = init.status;
    this.detail = init.detail;
  }

  /** Worth another attempt later (by this client on idempotent operations, or by the caller). */
  get retryable(): boolean {
    return false;
  }

  /** Whether the circuit breaker counts this as a sign that Asleep is unwell. */
  get breakerFailure(): boolean {
    return false;
  }

  toJSON() {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      operation: this.operation,
      status: this.status,
      detail: this.detail,
      attempts: this.attempts,
    };
  }
}

const describe = (
  operation: AsleepOperation,
  status: number | undefined,
  detail: string | undefined,
) =>
  `Asleep ${operation} failed${status === undefined ? '' : `: ${status}`}${detail ? ` ${detail}` : ''}`;

/** 401: a wrong API key, or a missing or malformed `x-user-id` (Asleep contract 4.1). */
export class AsleepUnauthorizedError extends AsleepError {
  readonly kind = 'unauthorized' as const;
  constructor(init: ErrorInit) {
    super(describe(init.operation, init.status, init.detail), init);
  }
}

/** 403 whose detail says "rate limit": the only retryable 403 (Asleep contract 4.1). */
export class AsleepRateLimitedError extends AsleepError {
  readonly kind = 'rate_limited' as const;
  constructor(init: ErrorInit) {
    super(describe(init.operation, init.status, init.detail), init);
  }
  override get retryable() {
    return true;
  }
  override get breakerFailure() {
    return true;
  }
}

/** Any other 403: plan expired or quota used up. Retrying cannot help (Asleep contract 4.1). */
export class AsleepForbiddenError extends AsleepError {
  readonly kind = 'forbidden' as const;
  constructor(init: ErrorInit) {
    super(describe(init.operation, init.status, init.detail), init);
  }
}

export class AsleepNotFoundError extends AsleepError {
  readonly kind = 'not_found' as const;
  constructor(init: ErrorInit) {
    super(describe(init.operation, init.status, init.detail), init);
  }
}

/**
 * The request was refused: by our own validation before anything was sent (`source: 'client'`,
 * no status), or by Asleep with 400/422 or another 4xx (`source: 'upstream'`).
 */
export class AsleepInvalidRequestError extends AsleepError {
  readonly kind = 'invalid_request' as const;
  readonly source: 'client' | 'upstream';
  readonly issues: readonly AsleepIssue[];
  constructor(
    init: ErrorInit & { source: 'client' | 'upstream'; issues?: readonly AsleepIssue[] },
  ) {
    super(
      init.source === 'client'
        ? `Asleep ${init.operation} rejected before sending: ${init.detail}`
        : describe(init.operation, init.status, init.detail),
      init,
    );
    this.source = init.source;
    this.issues = init.issues ?? [];
    if (init.source === 'client') this.attempts = 0;
  }
  override toJSON() {
    return { ...super.toJSON(), source: this.source, issues: this.issues };
  }
}

/** 5xx, a timeout, a connection failure, or the breaker refusing while open. */
export class AsleepUnavailableError extends AsleepError {
  readonly kind = 'unavailable' as const;
  readonly reason: UnavailableReason;
  constructor(init: ErrorInit & { reason: UnavailableReason }) {
    const what =
      init.reason === 'server_error'
        ? describe(init.operation, init.status, init.detail)
        : `Asleep ${init.operation} failed: ${init.detail ?? init.reason}`;
    super(what, init);
    this.reason = init.reason;
  }
  override get retryable() {
    return this.reason !== 'breaker_open';
  }
  override get breakerFailure() {
    return this.reason !== 'breaker_open';
  }
  override toJSON() {
    return { ...super.toJSON(), reason: this.reason };
  }
}

/** Asleep answered, but not in the shape of the contract (or not JSON, or too large). */
export class AsleepInvalidResponseError extends AsleepError {
  readonly kind = 'invalid_response' as const;
  readonly issues: readonly AsleepIssue[];
  constructor(init: ErrorInit & { issues?: readonly AsleepIssue[] }) {
    super(`Asleep ${init.operation} returned an unexpected response: ${init.detail}`, init);
    this.issues = init.issues ?? [];
  }
  override toJSON() {
    return { ...super.toJSON(), issues: this.issues };
  }
}

/** Every concrete error, discriminated by `kind`. */
export type AsleepClientError =
  | AsleepUnauthorizedError
  | AsleepRateLimitedError
  | AsleepForbiddenError
  | AsleepNotFoundError
  | AsleepInvalidRequestError
  | AsleepUnavailableError
  | AsleepInvalidResponseError;

/** Narrows to the union, so `switch (error.kind)` reaches each subclass's fields. */
export function isAsleepError(value: unknown): value is AsleepClientError {
  return value instanceof AsleepError;
}
