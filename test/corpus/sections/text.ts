// Free text and logs: PII inside sentences; the whole file is one null-path "field".
import { isoTimestamp, type Rng, uuid } from "../../../packages/synth/index.ts";
import type { CorpusBuilder } from "../builder.ts";
import { type Customer, customers, dlSentence, neutralSentence, ssnAs, ssnSentence } from "../people.ts";

/** Lines of prose: every `ssnEvery`-th mentions an SSN, every `dlEvery`-th a license (0 = never). */
export function proseLines(
  b: CorpusBuilder,
  rng: Rng,
  cs: readonly Customer[],
  ssnEvery: number,
  dlEvery: number,
): string[] {
  return cs.map((c, i) => {
    if (ssnEvery && i % ssnEvery === 1) {
      const format = rng.pick(["dashed", "dashed", "plain", "spaced"] as const);
      return ssnSentence(rng, b.ssn(ssnAs(c, format)));
    }
    if (dlEvery && i % dlEvery === 2) return dlSentence(rng, b.license(c.dl), c.dlState);
    return neutralSentence(rng);
  });
}

export function logLines(rng: Rng, messages: readonly string[]): string[] {
  return messages.map(
    (m) => `${isoTimestamp(rng)} INFO [req ${uuid(rng).slice(0, 8)}] customer-service: ${m}`,
  );
}

export function textSection(b: CorpusBuilder, rng: Rng): void {
  {
    const object = "text/support-tickets.txt";
    b.file(object, `${proseLines(b, rng, customers(rng, 120), 7, 0).join("\n\n")}\n`);
    b.positive(object, null, "US_SSN");
  }
  {
    const object = "text/app.log";
    b.file(object, `${logLines(rng, proseLines(b, rng, customers(rng, 250), 11, 13)).join("\n")}\n`);
    b.positive(object, null, "US_SSN").positive(object, null, "US_DRIVERS_LICENSE");
  }
  {
    const object = "text/dmv-verification.log";
    b.file(object, `${logLines(rng, proseLines(b, rng, customers(rng, 150), 0, 5)).join("\n")}\n`);
    b.positive(object, null, "US_DRIVERS_LICENSE");
  }
  {
    const object = "text/call-transcript.txt";
    const lines = customers(rng, 40).map((c, i) =>
      i % 8 === 3
        ? `Agent: Can you confirm your social security number?\nCaller: Sure, it's ${b.ssn(c.ssn)}.`
        : `Agent: ${neutralSentence(rng)}\nCaller: Thanks.`,
    );
    b.file(object, `${lines.join("\n")}\n`);
    b.positive(object, null, "US_SSN");
  }
}
