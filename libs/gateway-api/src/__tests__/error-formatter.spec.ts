import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { formatGatewayError, retryAfterHeader } from '../errors/error-formatter';
import { gatewayError } from '../errors/gateway-error';

const shapeOf = (error: TRPCError, httpStatus: number) =>
  formatGatewayError({
    error,
    shape: {
      message: error.message,
      code: -32603,
      data: { code: error.code, httpStatus, path: 'users.create' },
    },
  });

describe('error shapes', () => {
  it('never passes on an unexpected error’s text, stack or host', () => {
    const cause = new Error('connect ECONNREFUSED db-primary.internal:5432 with key sk-live-123');
    const shape = shapeOf(
      new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: cause.message, cause }),
      500,
    );
    expect(shape.message).toBe('Internal server error');
    expect(JSON.stringify(shape)).not.toMatch(/ECONNREFUSED|internal|sk-live|stack|at .*\.ts/);
  });

  it('lists every invalid field of a BAD_REQUEST', () => {
    const parsed = z
      .object({ a: z.int(), b: z.object({ c: z.string() }) })
      .safeParse({ a: 1.5, b: {} });
    const shape = shapeOf(
      new TRPCError({ code: 'BAD_REQUEST', message: 'raw', cause: parsed.error }),
      400,
    );
    expect(shape.message).toBe('Invalid input: a, b.c');
    expect(shape.data.issues?.map((issue) => issue.path)).toEqual(['a', 'b.c']);
  });

  it('keeps output validation issues private', () => {
    const parsed = z.object({ secret: z.string() }).safeParse({});
    const shape = shapeOf(
      new TRPCError({
        code: 'INTERNAL_SERVER_ERROR',
        message: 'Output validation failed',
        cause: parsed.error,
      }),
      500,
    );
    expect(shape.data.issues).toBeUndefined();
    expect(shape.message).toBe('Internal server error');
  });

  it('carries a retry hint into the data and the Retry-After header', () => {
    const error = gatewayError('SERVICE_UNAVAILABLE', 'Asleep is unavailable; try again later', {
      retryAfterMs: 2_500,
    });
    expect(shapeOf(error, 503).data.retryAfterMs).toBe(2_500);
    expect(retryAfterHeader([error])).toBe('3');
    expect(retryAfterHeader([new TRPCError({ code: 'NOT_FOUND' })])).toBeUndefined();
  });
});
