import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
}

interface LineChartProps {
  /** Accessible name of the chart. */
  title: string;
  /** x values: step numbers, or unix seconds when `time` is set. */
  x: number[];
  series: ChartSeries[];
  time?: boolean;
  bars?: boolean;
  height?: number;
}

/** A uPlot chart that follows its container's width. */
export function LineChart({ title, x, series, time = false, bars = false, height = 220 }: LineChartProps) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const options: uPlot.Options = {
      width: Math.max(element.clientWidth, 200),
      height,
      scales: { x: { time } },
      axes: [{}, { size: 60 }],
      series: [
        {},
        ...series.map((entry) => ({
          label: entry.label,
          stroke: entry.color,
          fill: bars ? `${entry.color}66` : undefined,
          width: 2,
          spanGaps: true,
          ...(bars ? { paths: uPlot.paths.bars!({ size: [0.6, 40] }), points: { show: false } } : {}),
        })),
      ],
    };
    const chart = new uPlot(options, [x, ...series.map((entry) => entry.values)] as uPlot.AlignedData, element);
    const observer = new ResizeObserver(() => chart.setSize({ width: Math.max(element.clientWidth, 200), height }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [x, series, time, bars, height]);
  // data-points: how many x values the chart draws (the canvas itself says nothing to tests or tools).
  return <div className="chart" ref={container} role="img" aria-label={title} data-points={x.length} />;
}
