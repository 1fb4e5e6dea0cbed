import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { useTRPC } from '../api/trpc';
import { addDays, today } from '../domain/sleep-days';
import { formatDateTime, formatDuration } from '../domain/units';
import { ErrorNote, Loading } from '../layout/query-state';
import { UserLinks } from './user-links';

interface NightRow {
  sessionId: string;
  /** By the tenant's sleep-day rule; null until analytics has the finished night. */
  sleepDay: string | null;
  start: string;
  end: string | null;
  timeZone: string;
  asleep: number | null;
  score: number | null;
  state: string;
  nap: boolean;
}

/** A user's nights by sleep day: the analytics facts, plus nights still being recorded. */
export function UserNightsPage({ params }: { params: { appUserId: string } }) {
  const appUserId = decodeURIComponent(params.appUserId);
  const trpc = useTRPC();
  const me = useQuery(trpc.me.queryOptions());
  const zone = me.data?.tenant?.defaultTimezone ?? 'UTC';
  const [to, setTo] = useState(() => addDays(today(zone), 1));
  const [from, setFrom] = useState(() => addDays(today(zone), -29));
  const [includeNaps, setIncludeNaps] = useState(false);
  const valid = from <= to && addDays(from, 99) >= to;
  const nights = useQuery(
    trpc.analytics.nights.queryOptions({ appUserId, from, to, includeNaps }, { enabled: valid }),
  );
  const sessions = useQuery(
    trpc.sessions.list.queryOptions(
      { appUserId, dateGte: addDays(from, -1), dateLte: to, limit: 100 },
      { enabled: valid },
    ),
  );
  const known = new Set(nights.data?.nights.map((n) => n.sessionId));
  const rows: NightRow[] = [
    ...(nights.data?.nights ?? []).map((n) => ({
      sessionId: n.sessionId,
      sleepDay: n.sleepDay,
      start: n.startTime,
      end: n.endTime,
      timeZone: n.timezone,
      asleep: n.stat?.time_in_sleep ?? null,
      score: n.score,
      state: 'COMPLETE',
      nap: n.nap,
    })),
    ...(sessions.data?.sessions ?? [])
      .filter((s) => !known.has(s.session_id) && s.state !== 'COMPLETE')
      .map((s) => ({
        sessionId: s.session_id,
        sleepDay: null,
        start: s.session_start_time,
        end: s.session_end_time,
        timeZone: sessions.data!.timezone,
        asleep: null,
        score: null,
        state: s.state,
        nap: false,
      })),
  ].sort((a, b) => b.start.localeCompare(a.start));

  return (
    <>
      <h1>Nights of {appUserId}</h1>
      <UserLinks appUserId={appUserId} />
      <form className="inline-form" onSubmit={(e) => e.preventDefault()} aria-label="Window">
        <div className="field">
          <label htmlFor="from">First sleep day</label>
          <input id="from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="to">Last sleep day</label>
          <input id="to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={includeNaps}
            onChange={(e) => setIncludeNaps(e.target.checked)}
          />{' '}
          Include naps
        </label>
      </form>
      {!valid && (
        <p className="error" role="alert">
          The last sleep day must be on or after the first, at most 100 days later.
        </p>
      )}
      <p className="hint">
        A night belongs to the sleep day on which it ends (the tenant&apos;s sleep-day rule); times
        are in the night&apos;s own zone.
      </p>
      {(nights.isPending || sessions.isPending) && valid && <Loading what="nights" />}
      {nights.isError && <ErrorNote error={nights.error} />}
      {sessions.isError && <ErrorNote error={sessions.error} />}
      {(nights.data || sessions.data) && (
        <div className="table-scroll">
          <table data-testid="nights">
            <caption>{rows.length} nights</caption>
            <thead>
              <tr>
                <th scope="col">Sleep day</th>
                <th scope="col">Start</th>
                <th scope="col">End</th>
                <th scope="col">Asleep</th>
                <th scope="col">Score</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.sessionId} data-session={row.sessionId}>
                  <th scope="row">
                    <Link href={`/users/${encodeURIComponent(appUserId)}/nights/${row.sessionId}`}>
                      {row.sleepDay ?? 'not yet'}
                      {row.nap ? ' (nap)' : ''}
                    </Link>
                  </th>
                  <td>{formatDateTime(row.start, row.timeZone)}</td>
                  <td>{formatDateTime(row.end, row.timeZone)}</td>
                  <td>{formatDuration(row.asleep)}</td>
                  <td>{row.score ?? '—'}</td>
                  <td>{row.state.toLowerCase()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
