// Deterministic, locale-fixed formatting: the same input always renders the same page.
import type { DataType, EnvironmentRule, Severity } from "../../core/schemas.ts";

export function fmtInt(n: number): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: 0 });
}

export function fmtNumber(n: number): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: 3 });
}

export function fmtPercent(part: number, whole: number): string {
  if (whole <= 0) return "";
  const pct = (part / whole) * 100;
  return `${pct >= 10 || pct === 0 ? pct.toFixed(0) : pct.toFixed(1)}%`;
}

const BYTE_UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

export function fmtBytes(n: number): string {
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${fmtInt(value)} B` : `${value.toFixed(value >= 100 ? 0 : 1)} ${BYTE_UNITS[unit]}`;
}

export function fmtDuration(ms: number): string {
  if (ms < 1000) return `${fmtInt(ms)} ms`;
  const totalSeconds = ms / 1000;
  if (totalSeconds < 60) return `${totalSeconds.toFixed(1)} s`;
  const s = Math.round(totalSeconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h} h ${m} min ${sec} s` : `${m} min ${sec} s`;
}

/** ISO timestamps shown in UTC, to the second: "2025-03-01 02:00:05 UTC". */
export function fmtDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${fmtInt(n)} ${n === 1 ? one : many}`;
}

export const DATA_TYPE_LABEL: Record<DataType, string> = {
  US_SSN: "US Social Security number",
  US_DRIVERS_LICENSE: "US driver's-license number",
};

export const SEVERITY_LABEL: Record<Severity, string> = {
  critical: "Critical",
  high: "High",
  medium: "Medium",
  low: "Low",
  info: "Info",
};

export const RULE_LABEL: Record<EnvironmentRule, string> = {
  config: "configuration",
  tags: "tags",
  account: "account map",
  name: "name rule",
  none: "no rule matched",
};
