import type { RouterOutputs } from '@sleep/api-client';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import { Hypnogram } from '../charts/hypnogram.chart';
import {
  formatDateTime,
  formatDuration,
  formatPercent,
  formatStat,
  STAT_FIELDS,
} from '../domain/units';
import { ErrorNote, Loading } from '../layout/query-state';
import { UserLinks } from './user-links';

type Night = RouterOutputs['sessions']['get'];
type Score = RouterOutputs['analytics']['score'];

export function StatList({ night }: { night: Night }) {
  const { stat } = night;
  const zone = night.timezone;
  if (!stat)
    return <p>No statistics for this night ({night.peculiarities.join(', ') || 'none yet'}).</p>;
  return (
    <dl className="stats" data-testid="stats">
      {STAT_FIELDS.map(({ key, label, kind }) => (
        <div key={key}>
          <dt>{label}</dt>
          <dd>{formatStat(stat, key, kind, zone)}</dd>
        </div>
      ))}
    </dl>
  );
}

function contributorValue(value: number | null, unit: 'seconds' | 'ratio'): string {
  return unit === 'ratio' ? formatPercent(value) : formatDuration(value);
}

function ScoreCard({ score }: { score: Score }) {
  if (score.score === null) return <p>Not scored: {score.reason}</p>;
  return (
    <>
      <p className="score" data-testid="score">
        <span className="score-value">{score.score}</span> / 100{' '}
        <span className="hint">(score version {score.scoreVersion})</span>
      </p>
      <div className="table-scroll">
        <table>
          <caption>Contributors</caption>
          <thead>
            <tr>
              <th scope="col">Contributor</th>
              <th scope="col">Value</th>
              <th scope="col">Sub-score</th>
              <th scope="col">Weight</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {score.contributors.map((c) => (
              <tr key={c.name}>
                <th scope="row">{c.name}</th>
                <td>{contributorValue(c.value, c.unit)}</td>
                <td>{c.subScore}</td>
                <td>{c.weight} %</td>
                <td>{c.explanation}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** One night: hypnogram, snoring, statistics with units, score and what made it. */
export default function NightPage({
  params,
}: {
  params: { appUserId: string; sessionId: string };
}) {
  const appUserId = decodeURIComponent(params.appUserId);
  const trpc = useTRPC();
  const night = useQuery(
    trpc.sessions.get.queryOptions({ sessionId: params.sessionId, appUserId }),
  );
  const score = useQuery(
    trpc.analytics.score.queryOptions({ sessionId: params.sessionId, appUserId }),
  );
  const data = night.data;
  return (
    <>
      <h1>Night of {appUserId}</h1>
      <UserLinks appUserId={appUserId} />
      {night.isPending && <Loading what="the night" />}
      {night.isError && <ErrorNote error={night.error} />}
      {data && (
        <>
          <p>
            {formatDateTime(data.session.start_time, data.timezone)} →{' '}
            {formatDateTime(data.session.end_time, data.timezone)} ({data.timezone}),{' '}
            {data.session.state.toLowerCase()}
            {data.missing_data_ratio !== null &&
              `, ${formatPercent(data.missing_data_ratio)} without usable audio`}
          </p>
          <section aria-labelledby="hypnogram-heading">
            <h2 id="hypnogram-heading">Stages</h2>
            {data.session.sleep_stages?.length ? (
              <Hypnogram
                startTime={data.session.start_time}
                stages={data.session.sleep_stages}
                snoring={data.session.snoring_stages}
                timeZone={data.timezone}
              />
            ) : (
              <p>No stages yet.</p>
            )}
          </section>
          <section aria-labelledby="score-heading">
            <h2 id="score-heading">Score</h2>
            {score.isPending && <Loading what="the score" />}
            {score.isError && <ErrorNote error={score.error} />}
            {score.data && <ScoreCard score={score.data} />}
          </section>
          <section aria-labelledby="stats-heading">
            <h2 id="stats-heading">Statistics</h2>
            <StatList night={data} />
          </section>
        </>
      )}
    </>
  );
}
