/**
 * The geometry of a horizontal bar chart, drawn as SVG by templates/partials/barChart.hbs.
 * One row per bar: its label on the left, the bar, the figure after it. Bars
 * are scaled to the largest value; a value above zero never vanishes.
 */

export interface BarInput {
  label: string;
  value: number;
  /** The figure as the reader sees it ("29 110 000 Ft"). */
  valueText: string;
}

export interface BarChartOptions {
  /** Whole width in SVG units (the drawing scales to its box). */
  width?: number;
  rowHeight?: number;
  labelWidth?: number;
  valueWidth?: number;
}

export interface BarChart {
  width: number;
  height: number;
  /** Where bars start (the labels end just before it). */
  barsX: number;
  bars: Array<BarInput & { y: number; barWidth: number; barHeight: number; textY: number; labelX: number; valueX: number }>;
}

const GAP = 8;

export function barChart(inputs: readonly BarInput[], options: BarChartOptions = {}): BarChart {
  const { width = 720, rowHeight = 28, labelWidth = 200, valueWidth = 170 } = options;
  const barsX = labelWidth + GAP;
  const room = width - barsX - valueWidth - GAP;
  const max = Math.max(0, ...inputs.map((b) => b.value));
  const barHeight = Math.round(rowHeight * 0.64);
  const bars = inputs.map((input, i) => {
    const y = i * rowHeight + (rowHeight - barHeight) / 2;
    const scaled = max === 0 ? 0 : (Math.max(0, input.value) / max) * room;
    const barWidth = input.value > 0 ? Math.max(1, round(scaled)) : 0;
    return {
      ...input,
      y,
      barWidth,
      barHeight,
      textY: i * rowHeight + rowHeight / 2,
      labelX: labelWidth,
      valueX: barsX + barWidth + GAP,
    };
  });
  return { width, height: Math.max(rowHeight, inputs.length * rowHeight), barsX, bars };
}

const round = (n: number) => Math.round(n * 10) / 10;
