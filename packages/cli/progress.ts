// A single updating progress line on stderr, only when a person is watching (a TTY).
import type { ScanProgress } from "../engine/index.ts";

const REFRESH_MS = 200;

export function progressLine(stream: NodeJS.WriteStream = process.stderr) {
  if (!stream.isTTY) return { update: (_: ScanProgress) => {}, done: () => {} };
  let last = 0;
  return {
    update(p: ScanProgress) {
      const now = Date.now();
      if (now - last < REFRESH_MS) return;
      last = now;
      const mb = (p.bytesRead / 1024 ** 2).toFixed(1);
      stream.write(`\r\x1b[2Kscanning: ${p.done}/${p.listed} objects, ${mb} MB read`);
    },
    done() {
      stream.write("\r\x1b[2K");
    },
  };
}
