import { randomUUID } from 'node:crypto';
import {
  EXPORT_AUDIT_ACTIONS,
  type ExportProgress,
  type FactCursor,
  RESEARCH_EXPORT_COLUMNS,
  type ResearchExportJob,
  type ResearchExportRequest,
  type ResearchExportRow,
} from '@sleep/contracts';
import {
  createPseudonymiser,
  KAnonymiser,
  quasiIdentifiersOf,
  researchRowOf,
  type ResearchFact,
} from '@sleep/health-exports';
import { stringify } from 'csv-stringify/sync';
import { actorOf } from '../../audit/audit-actor';
import { audited } from '../../audit/audited';
import type { AuthedContext } from '../../auth/subject';
import { gatewayError, notFound } from '../../errors/gateway-error';
import type { AnalyticsStore } from '../../ports/analytics.port';
import { minGroupSizeOf } from '../../services/org-settings';
import { auditedStream } from './export-audit';
import type { ExportDownload, ResearchExportIdInput } from './exports.schema';
import { trackedStream } from './export-progress';

const FACT_PAGE = 1_000;

/** Records a research export (k as it is now); the CSV is written when it is downloaded. */
export function createResearchExport(
  ctx: AuthedContext,
  request: ResearchExportRequest,
): Promise<ResearchExportJob> {
  const { deps, principal } = ctx;
  const exportId = randomUUID();
  return audited(
    deps,
    {
      tenantId: principal.tenantId,
      actor: actorOf(principal),
      action: EXPORT_AUDIT_ACTIONS.researchCreate,
      target: { kind: 'export', id: exportId },
      details: { ...request },
    },
    async () =>
      deps.exportJobs.create({
        tenantId: principal.tenantId,
        exportId,
        requestedBy: principal.appUserId,
        request,
        minGroupSize: await minGroupSizeOf(deps, principal.tenantId),
      }),
    (job) => ({ k: job.minGroupSize }),
  );
}

/** A research export of the caller's tenant, with its status and progress. */
export async function getResearchExport(
  ctx: AuthedContext,
  { exportId }: ResearchExportIdInput,
): Promise<ResearchExportJob> {
  const job = await ctx.deps.exportJobs.get(ctx.principal.tenantId, exportId);
  if (!job) throw notFound('Export');
  return job;
}

/** The tenant's facts in the period, a page at a time. */
async function* factPages(
  analytics: AnalyticsStore,
  tenantId: string,
  { from, to }: Pick<ResearchExportRequest, 'from' | 'to'>,
): AsyncGenerator<ResearchFact[]> {
  let after: FactCursor | null = null;
  do {
    const page = await analytics.exportFacts({ tenantId, from, to, after, limit: FACT_PAGE });
    yield page.facts;
    after = page.next;
  } while (after);
}

const csvOf = (rows: ResearchExportRow[], header: boolean) =>
  stringify(rows, {
    header,
    columns: RESEARCH_EXPORT_COLUMNS,
    cast: { boolean: (value) => (value ? 'true' : 'false') },
  });

/**
 * The export's CSV, once: two passes over analytics' facts, the first sizing the
 * quasi-identifier groups (one entry per user held), the second writing rows page by page under
 * pseudonyms keyed for this download alone. Progress is written after every page.
 */
export async function downloadResearchExport(
  ctx: AuthedContext,
  { exportId }: ResearchExportIdInput,
): Promise<ExportDownload> {
  const { deps, principal } = ctx;
  const tenantId = principal.tenantId;
  const job = await getResearchExport(ctx, { exportId });
  const analytics = deps.analytics;
  if (!analytics)
    throw gatewayError('SERVICE_UNAVAILABLE', 'Research exports need the analytics service');
  if (!(await deps.exportJobs.claim(tenantId, exportId)))
    throw gatewayError(
      'CONFLICT',
      'This export was already downloaded (or is being downloaded); create a new one',
    );
  const progress: ExportProgress = {
    phase: 'sizing-groups',
    factsRead: 0,
    rowsWritten: 0,
    rowsGeneralised: 0,
    rowsDropped: 0,
  };
  const report = () => deps.exportJobs.progress(exportId, { ...progress });
  const k = job.minGroupSize;

  const csv = async function* (): AsyncGenerator<string> {
    await report();
    const anonymiser = new KAnonymiser(k);
    const seen = new Set<string>();
    for await (const facts of factPages(analytics, tenantId, job)) {
      for (const fact of facts)
        if (!seen.has(fact.userId)) {
          seen.add(fact.userId);
          anonymiser.addUser(fact.userId, quasiIdentifiersOf(fact, job.includeTags));
        }
      progress.factsRead += facts.length;
      await report();
    }
    seen.clear();
    Object.assign(progress, { phase: 'writing-rows', factsRead: 0 });
    await report();
    const pseudonymOf = createPseudonymiser();
    yield csvOf([], true);
    for await (const facts of factPages(analytics, tenantId, job)) {
      const rows: ResearchExportRow[] = [];
      for (const fact of facts) {
        const release = anonymiser.releaseFor(fact.userId);
        if (!release) {
          progress.rowsDropped += 1;
          continue;
        }
        if (release.generalised) progress.rowsGeneralised += 1;
        rows.push(researchRowOf(fact, pseudonymOf(fact.userId), release.qi));
      }
      if (rows.length > 0) yield csvOf(rows, false);
      progress.factsRead += facts.length;
      progress.rowsWritten += rows.length;
      await report();
    }
    progress.phase = 'done';
  };

  const intent = {
    tenantId,
    actor: actorOf(principal),
    action: EXPORT_AUDIT_ACTIONS.researchDownload,
    target: { kind: 'export', id: exportId },
    details: { from: job.from, to: job.to, includeTags: job.includeTags, k },
  };
  return {
    filename: `research-${job.from}-${job.to}-${exportId}.csv`,
    contentType: 'text/csv; charset=utf-8',
    chunks: auditedStream(
      deps,
      intent,
      trackedStream(deps, exportId, csv(), () => progress),
      () => ({ ...progress }),
    ),
  };
}
