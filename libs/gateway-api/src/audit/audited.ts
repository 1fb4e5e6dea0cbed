import type { AuditEntryInput } from '@sleep/contracts';
import { TRPCError } from '@trpc/server';
import type { GatewayDeps } from '../ports/gateway-deps';

type Intent = Omit<AuditEntryInput, 'outcome'>;

/**
 * Writes an entry; a log that cannot be written is an error in the logs, not a failure of the
 * action it describes (which has happened).
 */
export async function recordAudit(deps: GatewayDeps, entry: AuditEntryInput): Promise<void> {
  try {
    await deps.audit.record(entry);
  } catch (error) {
    deps.logger.error(
      { err: error, action: entry.action, tenantId: entry.tenantId, outcome: entry.outcome },
      'audit entry not written',
    );
  }
}

/**
 * Runs an action and records how it ended: success (with details drawn from its result),
 * denied (FORBIDDEN) or failure (with the error's code, never its text).
 */
export async function audited<T>(
  deps: GatewayDeps,
  intent: Intent,
  action: () => Promise<T>,
  detailsOf?: (result: T) => Record<string, unknown>,
): Promise<T> {
  let result: T;
  try {
    result = await action();
  } catch (error) {
    const code = error instanceof TRPCError ? error.code : 'INTERNAL_SERVER_ERROR';
    await recordAudit(deps, {
      ...intent,
      outcome: code === 'FORBIDDEN' ? 'denied' : 'failure',
      details: { ...intent.details, error: code },
    });
    throw error;
  }
  const details = detailsOf ? { ...intent.details, ...detailsOf(result) } : intent.details;
  await recordAudit(deps, { ...intent, outcome: 'success', ...(details ? { details } : {}) });
  return result;
}
