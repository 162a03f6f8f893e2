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
