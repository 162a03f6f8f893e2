// Inline SVG bar charts: no script, no external asset, print as vectors. Colours come from CSS classes.
import { html, type SafeHtml } from "./escape.ts";
import { fmtInt } from "./format.ts";

export interface Bar {
  label: string;
  value: number;
  /** CSS class suffix for the bar colour (`bar-<tone>`), e.g. a severity or a unit status. */
  tone?: string;
}

export interface BarChartOptions {
  /** Accessible title, read by screen readers and shown as the chart caption. */
  title: string;
  bars: readonly Bar[];
  /** Shown instead of the chart when every bar is zero (or there are none). */
  emptyText: string;
}

const ROW = 24;
const BAR = 16;
const LABEL_WIDTH = 180;
const PLOT_WIDTH = 300;
const VALUE_WIDTH = 80;
const WIDTH = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH;

/** A horizontal bar chart, one row per bar, scaled to the largest value. */
export function barChart({ title, bars, emptyText }: BarChartOptions): SafeHtml {
  const max = Math.max(0, ...bars.map((b) => b.value));
  if (max === 0)
    return html`<figure class="chart chart-empty"><figcaption>${title}</figcaption><p class="empty">${emptyText}</p></figure>`;
  const height = bars.length * ROW;
  const rows = bars.map((bar, i) => {
    const y = i * ROW;
    const width = bar.value > 0 ? Math.max(2, Math.round((bar.value / max) * PLOT_WIDTH)) : 0;
    return html`<g class="bar bar-${bar.tone ?? "default"}"><text x="${LABEL_WIDTH - 8}" y="${y + ROW / 2}" class="bar-label" text-anchor="end" dominant-baseline="middle">${bar.label}</text><rect x="${LABEL_WIDTH}" y="${y + (ROW - BAR) / 2}" width="${width}" height="${BAR}" rx="2"></rect><text x="${LABEL_WIDTH + width + 6}" y="${y + ROW / 2}" class="bar-value" dominant-baseline="middle">${fmtInt(bar.value)}</text></g>`;
  });
  return html`<figure class="chart"><figcaption>${title}</figcaption><svg role="img" aria-label="${title}" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" preserveAspectRatio="xMinYMin meet"><title>${title}</title>${rows}</svg></figure>`;
}

export interface StackedColumn {
  /** Shown under the column (e.g. the run's date). */
  label: string;
  /** Segments from the bottom up; zero segments are not drawn. */
  segments: readonly { value: number; tone: string; name: string }[];
  /** Marks the column (e.g. this run) with a bolder label. */
  highlight?: boolean;
}

const COL_GAP = 14;
const COL_WIDTH = 34;
const PLOT_HEIGHT = 150;
const AXIS_LEFT = 40;
const LABEL_BAND = 34;
const TOP_BAND = 18;

/** Vertical stacked columns, one per run, scaled to the tallest; the total is written above each column. */
export function stackedColumns({
  title,
  columns,
  emptyText,
}: {
  title: string;
  columns: readonly StackedColumn[];
  emptyText: string;
}): SafeHtml {
  if (columns.length === 0)
    return html`<figure class="chart chart-empty"><figcaption>${title}</figcaption><p class="empty">${emptyText}</p></figure>`;
  const totals = columns.map((c) => c.segments.reduce((n, s) => n + s.value, 0));
  const max = Math.max(1, ...totals);
  const width = AXIS_LEFT + columns.length * (COL_WIDTH + COL_GAP) + COL_GAP;
  const height = TOP_BAND + PLOT_HEIGHT + LABEL_BAND;
  const baseY = TOP_BAND + PLOT_HEIGHT;
  const cols = columns.map((column, i) => {
    const x = AXIS_LEFT + COL_GAP + i * (COL_WIDTH + COL_GAP);
    let y = baseY;
    const rects = column.segments
      .filter((s) => s.value > 0)
      .map((s) => {
        const h = Math.max(1, Math.round((s.value / max) * PLOT_HEIGHT));
        y -= h;
        return html`<rect class="seg-${s.tone}" x="${x}" y="${y}" width="${COL_WIDTH}" height="${h}"><title>${s.name}: ${fmtInt(s.value)}</title></rect>`;
      });
    const total = totals[i] ?? 0;
    return html`<g class="col${column.highlight ? " col-current" : ""}">${rects}<text class="col-total" x="${x + COL_WIDTH / 2}" y="${y - 4}" text-anchor="middle">${fmtInt(total)}</text><text class="col-label" x="${x + COL_WIDTH / 2}" y="${baseY + 14}" text-anchor="middle">${column.label}</text>${column.highlight && html`<text class="col-label" x="${x + COL_WIDTH / 2}" y="${baseY + 28}" text-anchor="middle">this run</text>`}</g>`;
  });
  return html`<figure class="chart"><figcaption>${title}</figcaption><svg role="img" aria-label="${title}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" preserveAspectRatio="xMinYMin meet"><title>${title}</title><line class="axis" x1="${AXIS_LEFT}" y1="${baseY}" x2="${width}" y2="${baseY}"></line><text class="col-label" x="${AXIS_LEFT - 6}" y="${TOP_BAND + 4}" text-anchor="end">${fmtInt(max)}</text><text class="col-label" x="${AXIS_LEFT - 6}" y="${baseY}" text-anchor="end">0</text>${cols}</svg></figure>`;
}
