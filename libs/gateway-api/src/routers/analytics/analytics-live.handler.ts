import { tracked } from '@trpc/server';
import { type AuthedContext, resolveSubject } from '../../auth/subject';
import type { AnalyticsLiveHubs } from '../../ports/gateway-deps';
import type { AnalyticsLiveInput } from './analytics-live.schema';

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
  const hub = ctx.deps.analyticsLive[kind] as AnalyticsLiveHubs[K];
  const events = hub.stream({
    tenantId: user.tenantId,
    asleepUserId: user.asleepUserId,
    lastEventId: input.lastEventId,
    signal,
  });
  for await (const event of events) yield tracked(event.id, event.data);
}

export const liveReportsHandler = (args: LiveArgs) => streamOf('reports', args);
export const liveInsightsHandler = (args: LiveArgs) => streamOf('insights', args);
