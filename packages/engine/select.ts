// Include/exclude globs over unit keys (picomatch). A pattern without a slash matches the file name
// at any depth (`*.csv`); one with a slash matches the whole key (`exports/**/*.jsonl`).
import picomatch from "picomatch";

export interface Selection {
  include?: readonly string[];
  exclude?: readonly string[];
}

/** Null when there is nothing to filter; else whether a key is scanned (included and not excluded). */
export function keySelector(selection: Selection): ((key: string) => boolean) | null {
  const include = selection.include ?? [];
  const exclude = selection.exclude ?? [];
  if (include.length === 0 && exclude.length === 0) return null;
  const included = include.length > 0 ? matcher(include) : () => true;
  const excluded = exclude.length > 0 ? matcher(exclude) : () => false;
  return (key) => included(key) && !excluded(key);
}

function matcher(patterns: readonly string[]): (key: string) => boolean {
  const tests = patterns.map((pattern) => {
    const match = picomatch(pattern, { dot: true });
    return pattern.includes("/") ? match : (key: string) => match(key.slice(key.lastIndexOf("/") + 1));
  });
  return (key) => tests.some((test) => test(key));
}
