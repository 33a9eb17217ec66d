import { type ChartOption, renderSvg } from './render.ts';

const PALETTE = ['#1456b8', '#0e8a5f', '#c27c0e', '#b3261e', '#6b4fbb', '#3a7d8c'];

export interface BarDatum {
  label: string;
  value: number;
}

/**
 * A horizontal bar chart (long Chinese labels read better sideways), e.g. execution rate by
 * department; `unit` follows every value ("%", "万元").
 */
export function barChart(
  title: string,
  data: readonly BarDatum[],
  unit: string,
  opts: { width?: number; referenceLine?: { label: string; value: number } } = {},
): string {
  const height = Math.max(160, 60 + data.length * 28);
  const option: ChartOption = {
    color: PALETTE,
    title: { text: title, left: 'center', textStyle: { fontSize: 15 } },
    grid: { left: 8, right: 48, top: 56, bottom: 8, containLabel: true },
    xAxis: { type: 'value', axisLabel: { formatter: `{value}${unit}` } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: data.map((d) => d.label),
      axisLabel: { width: 150, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        data: data.map((d) => d.value),
        label: { show: true, position: 'right', formatter: `{c}${unit}` },
        ...(opts.referenceLine
          ? {
              markLine: {
                symbol: 'none',
                label: { position: 'start', formatter: `${opts.referenceLine.label} {c}${unit}` },
                data: [{ xAxis: opts.referenceLine.value }],
              },
            }
          : {}),
      },
    ],
  };
  const said = data.map((d) => `${d.label}${d.value}${unit}`).join('；');
  const reference = opts.referenceLine
    ? `（${opts.referenceLine.label}${opts.referenceLine.value}${unit}）`
    : '';
  return renderSvg(option, { width: opts.width ?? 640, height }, `${title}${reference}：${said}`);
}

/** A pie (e.g. the grade distribution of evaluated items), with counts and shares in its labels. */
export function pieChart(title: string, data: readonly BarDatum[], opts: { width?: number } = {}): string {
  const option: ChartOption = {
    color: PALETTE,
    title: { text: title, left: 'center', textStyle: { fontSize: 15 } },
    series: [
      {
        type: 'pie',
        radius: ['35%', '62%'],
        center: ['50%', '56%'],
        label: { formatter: '{b}：{c}（{d}%）' },
        data: data.map((d) => ({ name: d.label, value: d.value })),
      },
    ],
  };
  const total = data.reduce((s, d) => s + d.value, 0);
  const said = data
    .map((d) => `${d.label}${d.value}（${total ? Math.round((d.value / total) * 1000) / 10 : 0}%）`)
    .join('；');
  return renderSvg(option, { width: opts.width ?? 480, height: 320 }, `${title}：${said}`);
}
