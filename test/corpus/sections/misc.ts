// Units that must be listed and skipped with a reason, never silently dropped.
import type { Rng } from "../../../packages/synth/index.ts";
import type { CorpusBuilder } from "../builder.ts";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function miscSection(b: CorpusBuilder, rng: Rng): void {
  b.file("misc/empty.csv", "");
  b.file("misc/logo.png", Uint8Array.from([...PNG_SIGNATURE, ...rng.bytes(2048)]));
}
