import type { RouterOutputs } from '@sleep/api-client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { useTRPC } from '../api/trpc';
import { Hypnogram } from '../charts/hypnogram.chart';
import { EPOCH_SECONDS } from '../domain/hypnogram';
import { formatDuration, formatTime } from '../domain/units';
import { ErrorNote } from '../layout/query-state';
import { UserLinks } from './user-links';

type LiveEvent =
  RouterOutputs['sessions']['live'] extends AsyncIterable<infer E>
    ? E extends { data: infer D }
      ? D
      : E
    : never;

function LiveHypnogram({ appUserId, sessionId }: { appUserId: string; sessionId: string }) {
  const trpc = useTRPC();
  const night = useQuery(trpc.sessions.get.queryOptions({ sessionId, appUserId }));
  const data = night.data;
  if (!data?.session.sleep_stages?.length) return null;
  return (
    <Hypnogram
      startTime={data.session.start_time}
      stages={data.session.sleep_stages}
      snoring={data.session.snoring_stages}
      timeZone={data.timezone}
    />
  );
}

/** A user's night as it is analysed: one event per window over server-sent events. */
export default function LiveNightPage({ params }: { params: { appUserId: string } }) {
  const appUserId = decodeURIComponent(params.appUserId);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [events, setEvents] = useState<LiveEvent[]>([]);
  const subscription = useSubscription(
    trpc.sessions.live.subscriptionOptions(
      { appUserId },
      {
        onData: ({ data }) => {
          setEvents((earlier) => [data, ...earlier].slice(0, 30));
          // The night's stages grew: read them again.
          void queryClient.invalidateQueries({
            queryKey: trpc.sessions.get.queryKey({ sessionId: data.sessionId, appUserId }),
          });
        },
      },
    ),
  );
  const latest = events[0];
  return (
    <>
      <h1>Live night of {appUserId}</h1>
      <UserLinks appUserId={appUserId} />
      <p role="status" data-testid="live-status">
        {subscription.status === 'pending'
          ? 'Listening for the next window…'
          : subscription.status === 'connecting'
            ? 'Connecting…'
            : subscription.status === 'error'
              ? 'Disconnected; retrying'
              : 'Idle'}
      </p>
      {subscription.error && <ErrorNote error={subscription.error} />}
      {latest && (
        <section aria-labelledby="current-heading" aria-live="polite">
          <h2 id="current-heading">
            <Link href={`/users/${encodeURIComponent(appUserId)}/nights/${latest.sessionId}`}>
              Night {latest.sessionId}
            </Link>
          </h2>
          <p>
            <span data-testid="live-state">{latest.kind}</span>:{' '}
            <span data-testid="live-epochs">{latest.analysedEpochs ?? 0}</span> epochs analysed (
            {formatDuration((latest.analysedEpochs ?? 0) * EPOCH_SECONDS)} of recording)
          </p>
          <LiveHypnogram appUserId={appUserId} sessionId={latest.sessionId} />
        </section>
      )}
      <section aria-labelledby="events-heading">
        <h2 id="events-heading">Events</h2>
        {events.length === 0 && <p>None yet. Nights appear here as the app uploads them.</p>}
        <ol className="events" data-testid="live-events">
          {events.map((event) => (
            <li key={`${event.sessionId}-${event.version}-${event.kind}`}>
              {formatTime(event.occurredAt, Intl.DateTimeFormat().resolvedOptions().timeZone)}{' '}
              {event.kind} {event.sessionId} ({event.analysedEpochs ?? 0} epochs)
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
