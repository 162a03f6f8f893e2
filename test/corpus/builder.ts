// Collects corpus files and their labels; writes everything at the end in one pass.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Exposure } from "../../packages/core/schemas.ts";

export type PiiType = "US_SSN" | "US_DRIVERS_LICENSE";
export type ProtectedExposure = Exclude<Exposure, "plaintext">;

export interface PlaintextLabel {
  object: string;
  field: string | null;
  dataType: PiiType;
}

export interface ProtectedLabel extends PlaintextLabel {
  exposure: ProtectedExposure;
}

export interface Labels {
  plaintext: PlaintextLabel[];
  protected: ProtectedLabel[];
  /** Every full plaintext value planted in a positive field (for leak tests; never print these). */
  planted: { ssn: string[]; license: string[] };
}

export class CorpusBuilder {
  private readonly files = new Map<string, string | Uint8Array>();
  private readonly labels: Labels = { plaintext: [], protected: [], planted: { ssn: [], license: [] } };

  /** `object` is the path relative to the corpus root, forward slashes. */
  file(object: string, content: string | Uint8Array): this {
    if (this.files.has(object)) throw new Error(`duplicate corpus file ${object}`);
    this.files.set(object, content);
    return this;
  }

  positive(object: string, field: string | null, dataType: PiiType): this {
    this.labels.plaintext.push({ object, field, dataType });
    return this;
  }

  protectedField(object: string, field: string | null, dataType: PiiType, exposure: ProtectedExposure): this {
    this.labels.protected.push({ object, field, dataType, exposure });
    return this;
  }

  /** Remembers a planted plaintext value and returns it, so generators can stay one-liners. */
  ssn(value: string): string {
    this.labels.planted.ssn.push(value);
    return value;
  }

  license(value: string): string {
    this.labels.planted.license.push(value);
    return value;
  }

  get objects(): string[] {
    return [...this.files.keys()];
  }

  async write(dir: string): Promise<Labels> {
    const dirs = new Set([...this.files.keys()].map((o) => dirname(join(dir, o))));
    await Promise.all([...dirs].map((d) => mkdir(d, { recursive: true })));
    await Promise.all([...this.files].map(([object, content]) => writeFile(join(dir, object), content)));
    return structuredClone(this.labels);
  }
}
