import type { ExportProgress } from '@sleep/contracts';
import { TRPCError } from '@trpc/server';
import type { GatewayDeps } from '../../ports/gateway-deps';

/** Marks the export complete when its stream ends, failed when it breaks or is cut short. */
export async function* trackedStream(
  deps: GatewayDeps,
  exportId: string,
  chunks: AsyncIterable<string>,
  progress: () => ExportProgress,
): AsyncGenerator<string> {
  let ended = false;
  const finish = async (error: string | null) => {
    ended = true;
    try {
      await deps.exportJobs.finish(exportId, {
        status: error ? 'failed' : 'complete',
        error,
        progress: progress(),
      });
    } catch (failure) {
      deps.logger.error({ err: failure, exportId }, 'export status not written');
    }
  };
  try {
    yield* chunks;
    await finish(null);
  } catch (error) {
    await finish(error instanceof TRPCError ? error.code : 'INTERNAL_SERVER_ERROR');
    throw error;
  } finally {
    if (!ended) await finish('ABORTED');
  }
}
