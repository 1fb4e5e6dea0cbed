import { useMemo } from 'react';
import type uPlot from 'uplot';
import { themeColor, UPlotChart } from './uplot-chart';

export interface DayLine {
  label: string;
  /** Value per sleep day (`YYYY-MM-DD`); days missing from a line are gaps. */
  points: ReadonlyMap<string, number>;
  color: string;
  dashed?: boolean;
}

const daySeconds = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000;

/** Lines over sleep days with a legend, e.g. a metric's rolling means. */
export function DayLines({
  lines,
  label,
  unit,
  testId,
}: {
  lines: readonly DayLine[];
  label: string;
  unit: string;
  testId?: string;
}) {
  const data = useMemo<uPlot.AlignedData>(() => {
    const days = [...new Set(lines.flatMap((line) => [...line.points.keys()]))].sort();
    return [
      days.map(daySeconds),
      ...lines.map((line) => days.map((day) => line.points.get(day) ?? null)),
    ];
  }, [lines]);
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      scales: { x: { time: true } },
      axes: [
        { stroke: themeColor('--muted'), grid: { stroke: themeColor('--grid') } },
        {
          stroke: themeColor('--muted'),
          grid: { stroke: themeColor('--grid') },
          label: unit,
          size: 60,
        },
      ],
      series: [
        {
          label: 'Sleep day',
          value: (_u, v) => (v === null ? '—' : new Date(v * 1000).toISOString().slice(0, 10)),
        },
        ...lines.map((line) => ({
          label: line.label,
          stroke: themeColor(line.color),
          width: 2,
          dash: line.dashed ? [6, 4] : undefined,
          spanGaps: true,
        })),
      ],
    }),
    [lines, unit],
  );
  return <UPlotChart options={options} data={data} height={240} label={label} testId={testId} />;
}
