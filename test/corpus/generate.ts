// The labeled corpus: every format, positives and hard negatives, with field-level labels.
import { forkRng } from "../../packages/synth/index.ts";
import { CorpusBuilder, type Labels } from "./builder.ts";
import { compressedSection } from "./sections/compressed.ts";
import { csvSection } from "./sections/csv.ts";
import { dmvSection } from "./sections/dmv.ts";
import { encodingsSection } from "./sections/encodings.ts";
import { jsonSection } from "./sections/json.ts";
import { jsonlSection } from "./sections/jsonl.ts";
import { miscSection } from "./sections/misc.ts";
import { negativesSection } from "./sections/negatives.ts";
import { parquetSection } from "./sections/parquet.ts";
import { protectedSection } from "./sections/protected.ts";
import { sqlSection } from "./sections/sql.ts";
import { textSection } from "./sections/text.ts";

export type { Labels, PlaintextLabel, ProtectedLabel } from "./builder.ts";

const SECTIONS = {
  csv: csvSection,
  json: jsonSection,
  jsonl: jsonlSection,
  parquet: parquetSection,
  text: textSection,
  sql: sqlSection,
  compressed: compressedSection,
  encodings: encodingsSection,
  dmv: dmvSection,
  negatives: negativesSection,
  protected: protectedSection,
  misc: miscSection,
};

/** Builds the corpus in memory (each section on its own seeded stream). */
export function buildCorpus(seed = 1): CorpusBuilder {
  const b = new CorpusBuilder();
  for (const [name, section] of Object.entries(SECTIONS)) section(b, forkRng(seed, name));
  return b;
}

/** Writes the labeled corpus under `dir`; labels use paths relative to `dir`. */
export async function generateLabeledCorpus(dir: string, seed = 1): Promise<Labels> {
  return buildCorpus(seed).write(dir);
}

export interface PlantedValues {
  /** 9 digits each. */
  ssnDigits: string[];
  /** Compact license numbers (letters and digits only). */
  licenses: string[];
}

/** The exact plaintext values planted in positive fields, normalised and deduplicated. */
export function plantedValues(labels: Labels): PlantedValues {
  const ssnDigits = new Set(labels.planted.ssn.map((v) => v.replace(/\D/g, "")));
  const licenses = new Set(labels.planted.license.map((v) => v.replace(/[^0-9A-Za-z]/g, "")));
  return { ssnDigits: [...ssnDigits].sort(), licenses: [...licenses].sort() };
}
