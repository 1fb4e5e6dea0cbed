import { type AuthedContext, resolveSubject } from '../../auth/subject';
import type { AnalyticsLiveHubs } from '../../ports/gateway-deps';
import type { LiveSessionHub } from '../../services/live-session-hub';
import { guardedStream } from '../guarded-stream';
import type { AnalyticsLiveInput } from './analytics-live.schema';

type EventOf<K extends keyof AnalyticsLiveHubs> =
  AnalyticsLiveHubs[K] extends LiveSessionHub<infer T> ? T : never;

interface LiveArgs {
  ctx: AuthedContext;
  input: AnalyticsLiveInput;
  signal?: AbortSignal;
}

/**
 * One user's new reports or insights as analytics-service announces them (members: their own;
 * analysts and admins: anyone of their tenant). Each event carries its id, so a reconnecting
 * client resumes after the last one it got.
 */
async function* streamOf<K extends keyof AnalyticsLiveHubs>(
  kind: K,
  { ctx, input, signal }: LiveArgs,
) {
  const user = await resolveSubject(ctx, input.appUserId, 'read');
  const hub = ctx.deps.analyticsLive[kind] as LiveSessionHub<EventOf<K>>;
  yield* guardedStream(ctx, kind, user, signal, (guarded) =>
    hub.stream({
      tenantId: user.tenantId,
      asleepUserId: user.asleepUserId,
      lastEventId: input.lastEventId,
      signal: guarded,
    }),
  );
}

export const liveReportsHandler = (args: LiveArgs) => streamOf('reports', args);
export const liveInsightsHandler = (args: LiveArgs) => streamOf('insights', args);
