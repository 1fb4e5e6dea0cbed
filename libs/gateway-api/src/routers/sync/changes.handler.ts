import type { SyncChangesInput, SyncChangesResult } from '@sleep/contracts';
import type { AuthedContext } from '../../auth/subject';
import { visibleChanges } from './visible-changes';

/**
 * The caller's visible changes after their cursor, oldest first, with the cursor to pass next
 * time; or `resync` when that cursor is older than the feed's retention or not this feed's.
 */
export async function syncChangesHandler({
  ctx,
  input,
}: {
  ctx: AuthedContext;
  input: SyncChangesInput;
}): Promise<SyncChangesResult> {
  return ctx.deps.changes.readAfter(
    ctx.principal.tenantId,
    input.cursor ?? null,
    input.limit,
    visibleChanges(ctx.principal, input.types),
  );
}
