import type { AppRouter } from '@sleep/gateway-api';
import { TRPCClientError } from '@trpc/client';

/** What every gateway error tells a frontend: the code, the fields at fault, when to retry. */
export interface GatewayErrorInfo {
  code: string;
  httpStatus: number;
  message: string;
  /** Invalid input: each offending field and why. */
  issues: { path: string; message: string }[];
  /** Rate limited or upstream unavailable: wait this long before retrying. */
  retryAfterMs: number | null;
}

export function isGatewayError(error: unknown): error is TRPCClientError<AppRouter> {
  return error instanceof TRPCClientError;
}

/** The gateway error behind a failed call, or null for anything else (network, abort). */
export function gatewayErrorInfo(error: unknown): GatewayErrorInfo | null {
  if (!isGatewayError(error) || !error.data) return null;
  const data = error.data as {
    code: string;
    httpStatus: number;
    issues?: GatewayErrorInfo['issues'];
    retryAfterMs?: number;
  };
  return {
    code: data.code,
    httpStatus: data.httpStatus,
    message: error.message,
    issues: data.issues ?? [],
    retryAfterMs: data.retryAfterMs ?? null,
  };
}
