import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

interface Props {
  /** Everything but the size, which follows the container. */
  options: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
  height: number;
  /** Text alternative read by screen readers in place of the canvas. */
  label: string;
  testId?: string;
}

/** One uPlot chart, rebuilt when its options change, fed new data in place, as wide as its box. */
export function UPlotChart({ options, data, height, label, testId }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const latest = useRef(data);
  latest.current = data;

  useEffect(() => {
    const element = box.current!;
    const plot = new uPlot(
      { ...options, width: element.clientWidth || 320, height },
      latest.current,
      element,
    );
    chart.current = plot;
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: element.clientWidth || 320, height }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
      chart.current = null;
    };
  }, [options, height]);

  useEffect(() => {
    chart.current?.setData(data);
  }, [data]);

  return <div ref={box} className="chart" role="img" aria-label={label} data-testid={testId} />;
}

/** A colour from the page's theme, read when a chart is built. */
export const themeColor = (name: string) =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim();
