import { randomUUID } from 'node:crypto';
import { EXPORT_AUDIT_ACTIONS, type SleepData, type UserExportFormat } from '@sleep/contracts';
import {
  fhirBundleChunks,
  isExportableNight,
  jsonArrayChunks,
  jsonObjectChunks,
  omhSleepDuration,
  omhSleepEpisode,
  sleepObservation,
  stableUuid,
} from '@sleep/health-exports';
import { actorOf } from '../../audit/audit-actor';
import { type AuthedContext, assertMayAccess } from '../../auth/subject';
import { notFound } from '../../errors/gateway-error';
import type { GatewayDeps } from '../../ports/gateway-deps';
import type { AppUser } from '../../ports/users.port';
import { auditedStream } from './export-audit';
import type { ExportDownload, UserExportInput } from './exports.schema';
import {
  analyticsFacts,
  auditEntriesAbout,
  reportsAndInsights,
  storedNights,
} from './user-sources';

const CONTENT_TYPES: Record<UserExportFormat, string> = {
  fhir: 'application/fhir+json',
  omh: 'application/json',
  json: 'application/json',
};

/**
 * One user's data for access and portability requests: the user themself, or an admin of their
 * tenant (analysts and operators are refused before any lookup). Streamed; audited at its end.
 */
export async function userExport(
  ctx: AuthedContext,
  { appUserId, format }: UserExportInput,
): Promise<ExportDownload> {
  assertMayAccess(ctx.principal, appUserId, 'write');
  const { deps, principal } = ctx;
  const user = await deps.users.find(principal.tenantId, appUserId);
  if (!user) throw notFound('User');
  const exportId = randomUUID();
  const count = { nights: 0 };
  const counted = async function* (nights: AsyncIterable<SleepData>) {
    for await (const night of nights) {
      count.nights += 1;
      yield night;
    }
  };
  const nights = counted(storedNights(deps, user));
  const chunks =
    format === 'fhir'
      ? fhirChunks(deps, user, nights, exportId)
      : format === 'omh'
        ? omhChunks(nights)
        : everythingChunks(deps, user, nights, exportId);
  return {
    filename: `${format === 'fhir' ? 'fhir-bundle' : format === 'omh' ? 'omh-data-points' : 'user-data'}-${exportId}.json`,
    contentType: CONTENT_TYPES[format],
    chunks: auditedStream(
      deps,
      {
        tenantId: principal.tenantId,
        actor: actorOf(principal),
        action: EXPORT_AUDIT_ACTIONS.user,
        target: { kind: 'user', id: user.appUserId },
        details: { format, exportId },
      },
      chunks,
      () => ({ nights: count.nights }),
    ),
  };
}

/** A pseudonymous FHIR subject: names neither the app user id nor the Asleep id. */
const subjectOf = (user: AppUser) => ({
  reference: `Patient/${stableUuid(`fhir-subject:${user.tenantId}:${user.asleepUserId}`)}`,
});

async function* fhirChunks(
  deps: GatewayDeps,
  user: AppUser,
  nights: AsyncIterable<SleepData>,
  exportId: string,
) {
  const subject = subjectOf(user);
  async function* observations() {
    for await (const night of nights) {
      if (!isExportableNight(night)) continue;
      // The score is an extra of ours: without analytics the night is exported without it.
      const score = await deps.analytics
        ?.score({ tenantId: user.tenantId, userId: user.asleepUserId, sessionId: night.session.id })
        .catch(() => null);
      yield sleepObservation(night, {
        subject,
        score:
          score?.score != null && score.scoreVersion
            ? { value: score.score, version: score.scoreVersion }
            : null,
      });
    }
  }
  yield* fhirBundleChunks(observations(), { exportId, timestamp: new Date().toISOString() });
}

async function* omhChunks(nights: AsyncIterable<SleepData>) {
  const createdAt = new Date().toISOString();
  async function* points() {
    for await (const night of nights) {
      if (!isExportableNight(night)) continue;
      const duration = omhSleepDuration(night, createdAt);
      const episode = omhSleepEpisode(night, createdAt, undefined);
      if (duration) yield duration;
      if (episode) yield episode;
    }
  }
  yield* jsonArrayChunks(points());
}

/** Everything held about the user, store by store, each list written as it is paged in. */
async function* everythingChunks(
  deps: GatewayDeps,
  user: AppUser,
  nights: AsyncIterable<SleepData>,
  exportId: string,
) {
  const { reports, insights } = await reportsAndInsights(deps, user);
  const ref = { tenantId: user.tenantId, asleepUserId: user.asleepUserId };
  yield* jsonObjectChunks([
    ['exportId', exportId],
    ['exportedAt', new Date().toISOString()],
    [
      'user',
      {
        appUserId: user.appUserId,
        asleepUserId: user.asleepUserId,
        createdAt: user.createdAt,
        tags: user.tags ?? [],
      },
    ],
    ['sessionServiceUser', await deps.sessions.user(ref)],
    ['nights', nights, 'array'],
    ['analyticsFacts', analyticsFacts(deps, user), 'array'],
    ['reports', reports],
    ['insights', insights],
    ['auditEntries', auditEntriesAbout(deps, user), 'array'],
  ]);
}
