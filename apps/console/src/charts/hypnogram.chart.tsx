import type { SleepStage } from '@sleep/contracts';
import { useMemo } from 'react';
import uPlot from 'uplot';
import {
  hypnogramSeries,
  LEVEL_NAMES,
  snoringSeries,
  stageRuns,
  STAGE_LEVELS,
  STAGE_NAMES,
} from '../domain/hypnogram';
import { formatTime } from '../domain/units';
import { themeColor, UPlotChart } from './uplot-chart';

const stepped = uPlot.paths.stepped!({ align: 1 });

function timeAxis(timeZone: string): uPlot.Axis {
  return {
    stroke: themeColor('--muted'),
    grid: { stroke: themeColor('--grid') },
    values: (_u, ticks) => ticks.map((t) => formatTime(new Date(t * 1000).toISOString(), timeZone)),
  };
}

/**
 * Writes what the chart drew, one entry per run of a stage in canvas pixels, on the chart's box:
 * the screen-reader table and the browser tests read the same runs the canvas shows.
 */
function recordDrawnRuns(stages: readonly SleepStage[], start: number) {
  return (u: uPlot) => {
    const runs = stageRuns(stages).map((run) => ({
      stage: run.stage,
      x0: Math.round(u.valToPos(start + run.fromEpoch * 30, 'x', true)),
      x1: Math.round(u.valToPos(start + run.toEpoch * 30, 'x', true)),
      y: run.stage === -1 ? null : Math.round(u.valToPos(STAGE_LEVELS[run.stage], 'y', true)),
    }));
    u.root.parentElement?.setAttribute('data-drawn-runs', JSON.stringify(runs));
  };
}

interface Props {
  startTime: string;
  stages: readonly SleepStage[];
  snoring: readonly (0 | 1)[] | null;
  timeZone: string;
}

/** The night's stages as a stepped line (gaps where there is no data), snoring below it. */
export function Hypnogram({ startTime, stages, snoring, timeZone }: Props) {
  const start = Date.parse(startTime) / 1000;
  const stageData = useMemo(() => hypnogramSeries(startTime, stages), [startTime, stages]);
  const stageOptions = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      legend: { show: false },
      cursor: { y: false },
      scales: { x: { time: false }, y: { range: [-0.3, 3.3] } },
      axes: [
        timeAxis(timeZone),
        {
          stroke: themeColor('--muted'),
          grid: { stroke: themeColor('--grid') },
          splits: () => [0, 1, 2, 3],
          values: (_u, ticks) => ticks.map((t) => LEVEL_NAMES[t] ?? ''),
          size: 56,
        },
      ],
      series: [
        {},
        {
          label: 'Stage',
          stroke: themeColor('--accent'),
          width: 2,
          paths: stepped,
          points: { show: false },
          spanGaps: false,
        },
      ],
      hooks: { draw: [recordDrawnRuns(stages, start)] },
    }),
    [timeZone, stages, start],
  );
  const snoringData = useMemo(
    () => (snoring ? snoringSeries(startTime, snoring, stages) : null),
    [startTime, snoring, stages],
  );
  const snoringOptions = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      legend: { show: false },
      cursor: { y: false },
      scales: { x: { time: false }, y: { range: [0, 1] } },
      // An empty y axis as wide as the hypnogram's, so both time axes line up.
      axes: [timeAxis(timeZone), { size: 56, splits: () => [], grid: { show: false } }],
      series: [
        {},
        {
          label: 'Snoring',
          stroke: themeColor('--warn'),
          fill: themeColor('--warn-fill'),
          paths: stepped,
          points: { show: false },
          spanGaps: false,
        },
      ],
    }),
    [timeZone],
  );
  const runs = useMemo(() => stageRuns(stages), [stages]);
  return (
    <figure className="hypnogram">
      <UPlotChart
        options={stageOptions}
        data={stageData}
        height={220}
        label={`Hypnogram of ${stages.length} epochs of 30 s`}
        testId="hypnogram"
      />
      {snoringData && (
        <UPlotChart
          options={snoringOptions}
          data={snoringData}
          height={70}
          label="Snoring by epoch"
          testId="snoring"
        />
      )}
      <figcaption>
        <details>
          <summary>Stages as a table</summary>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">From</th>
                  <th scope="col">Stage</th>
                  <th scope="col">Minutes</th>
                </tr>
              </thead>
              <tbody>
                {runs.map((run) => (
                  <tr key={run.fromEpoch}>
                    <td>
                      {formatTime(
                        new Date((start + run.fromEpoch * 30) * 1000).toISOString(),
                        timeZone,
                      )}
                    </td>
                    <td>{STAGE_NAMES[run.stage]}</td>
                    <td>{((run.toEpoch - run.fromEpoch) / 2).toFixed(1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </figcaption>
    </figure>
  );
}
