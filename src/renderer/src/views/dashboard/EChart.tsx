// A small ECharts wrapper that imports only the parts the dashboard uses (keeps the bundle lean). Every
// chart has ECharts' accessibility on: the canvas's container is an image named by `label` (the chart's
// summary in the UI language), and each series gets its own decal pattern, so that success and failure,
// or one task's line and another's, differ by more than colour.
import { BarChart, CustomChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  AriaComponent,
  DatasetComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([
  BarChart,
  LineChart,
  ScatterChart,
  CustomChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  DatasetComponent,
  AriaComponent,
  CanvasRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

export function EChart({
  option,
  dark,
  height = 260,
  testId,
  label,
}: {
  option: ChartOption;
  /** What the chart shows, in words (its accessible name). */
  label: string;
  dark: boolean;
  height?: number;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!ref.current) return;
    const instance = echarts.init(ref.current, dark ? 'dark' : undefined);
    chart.current = instance;
    const observer =
      typeof ResizeObserver === 'function' ? new ResizeObserver(() => instance.resize()) : null;
    observer?.observe(ref.current);
    return () => {
      observer?.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [dark]);

  useEffect(() => {
    chart.current?.setOption(
      {
        backgroundColor: 'transparent',
        aria: { enabled: true, label: { description: label }, decal: { show: true } },
        ...option,
      },
      true,
    );
  }, [option, dark, label]);

  return <div ref={ref} style={{ height, width: '100%' }} data-testid={testId} />;
}
