// Turns a target string into a source. S3 URIs slot in here with their connector.
import { LocalDirectorySource, type Source } from "../connectors/index.ts";
import { UsageError } from "../core/index.ts";

export function sourceFor(target: string): Source {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target) && !target.startsWith("file://")) {
    throw new UsageError(`unsupported target ${target}: give a local directory`);
  }
  return new LocalDirectorySource(target.startsWith("file://") ? new URL(target).pathname : target);
}
