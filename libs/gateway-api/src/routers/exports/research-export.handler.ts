import { randomUUID } from 'node:crypto';
import {
  EXPORT_AUDIT_ACTIONS,
  type FactCursor,
  RESEARCH_EXPORT_COLUMNS,
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
import type { AuthedContext } from '../../auth/subject';
import { gatewayError } from '../../errors/gateway-error';
import type { AnalyticsStore } from '../../ports/analytics.port';
import { minGroupSizeOf } from '../../services/org-settings';
import { auditedStream } from './export-audit';
import type { ExportDownload } from './exports.schema';

const FACT_PAGE = 1_000;

async function* tenantFacts(
  analytics: AnalyticsStore,
  tenantId: string,
  { from, to }: ResearchExportRequest,
): AsyncGenerator<ResearchFact> {
  let after: FactCursor | null = null;
  do {
    const page = await analytics.exportFacts({ tenantId, from, to, after, limit: FACT_PAGE });
    yield* page.facts;
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
 * De-identified nightly facts of the caller's tenant for researchers (tenant admins): two passes
 * over analytics' facts, the first sizing the quasi-identifier groups (one entry per user held),
 * the second writing CSV rows page by page. Audited at its end.
 */
export async function researchExport(
  ctx: AuthedContext,
  request: ResearchExportRequest,
): Promise<ExportDownload> {
  const { deps, principal } = ctx;
  const analytics = deps.analytics;
  if (!analytics)
    throw gatewayError('SERVICE_UNAVAILABLE', 'Research exports need the analytics service');
  const tenantId = principal.tenantId;
  const k = await minGroupSizeOf(deps, tenantId);
  const exportId = randomUUID();
  const counts = { users: 0, rows: 0, rowsGeneralised: 0, rowsDropped: 0 };

  const csv = async function* (): AsyncGenerator<string> {
    const anonymiser = new KAnonymiser(k);
    const seen = new Set<string>();
    for await (const fact of tenantFacts(analytics, tenantId, request))
      if (!seen.has(fact.userId)) {
        seen.add(fact.userId);
        anonymiser.addUser(fact.userId, quasiIdentifiersOf(fact, request.includeTags));
      }
    counts.users = seen.size;
    seen.clear();
    const pseudonymOf = createPseudonymiser();
    yield csvOf([], true);
    let rows: ResearchExportRow[] = [];
    for await (const fact of tenantFacts(analytics, tenantId, request)) {
      const release = anonymiser.releaseFor(fact.userId);
      if (!release) {
        counts.rowsDropped += 1;
        continue;
      }
      if (release.generalised) counts.rowsGeneralised += 1;
      rows.push(researchRowOf(fact, pseudonymOf(fact.userId), release.qi));
      if (rows.length === FACT_PAGE) {
        counts.rows += rows.length;
        yield csvOf(rows, false);
        rows = [];
      }
    }
    counts.rows += rows.length;
    if (rows.length > 0) yield csvOf(rows, false);
  };

  return {
    filename: `research-${request.from}-${request.to}-${exportId}.csv`,
    contentType: 'text/csv; charset=utf-8',
    chunks: auditedStream(
      deps,
      {
        tenantId,
        actor: actorOf(principal),
        action: EXPORT_AUDIT_ACTIONS.research,
        target: { kind: 'tenant', id: tenantId },
        details: {
          exportId,
          from: request.from,
          to: request.to,
          includeTags: request.includeTags,
          k,
        },
      },
      csv(),
      () => ({ ...counts }),
    ),
  };
}
