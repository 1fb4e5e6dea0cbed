import type { AuditEntryInput } from '@sleep/contracts';
import { TRPCError } from '@trpc/server';
import { recordAudit } from '../../audit/audited';
import type { GatewayDeps } from '../../ports/gateway-deps';

/**
 * Records an export once its stream ends: success with what was written, failure with the error
 * code, or `ABORTED` when the client went away before the end.
 */
export async function* auditedStream(
  deps: GatewayDeps,
  intent: Omit<AuditEntryInput, 'outcome'>,
  chunks: AsyncIterable<string>,
  counts: () => Record<string, unknown>,
): AsyncGenerator<string> {
  let ended = false;
  try {
    yield* chunks;
    ended = true;
    await recordAudit(deps, {
      ...intent,
      outcome: 'success',
      details: { ...intent.details, ...counts() },
    });
  } catch (error) {
    ended = true;
    const code = error instanceof TRPCError ? error.code : 'INTERNAL_SERVER_ERROR';
    await recordAudit(deps, {
      ...intent,
      outcome: 'failure',
      details: { ...intent.details, ...counts(), error: code },
    });
    throw error;
  } finally {
    if (!ended)
      await recordAudit(deps, {
        ...intent,
        outcome: 'failure',
        details: { ...intent.details, ...counts(), error: 'ABORTED' },
      });
  }
}
