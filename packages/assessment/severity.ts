// The severity model: where the data is, whether it is real, and whether it is protected.
//   critical  plaintext SSN/license data outside production, confirmed real (matches production)
//   high      plaintext likely-real data outside production; plaintext fields in production; confirmed or
//             likely real data in a store of unknown environment
//   medium    protected, but weakly (an unsalted hash)
//   low       plaintext that looks synthetic; only well-known test values (never above low)
//   info      masked, tokenized or encrypted
import type { Environment, Exposure, RealData, Severity } from "../core/index.ts";

export interface SeverityInput {
  exposure: Exposure;
  environment: Environment;
  realData: RealData;
  weakProtection: boolean;
  allTestValues: boolean;
}

export function severityOf(input: SeverityInput): { severity: Severity; reasons: string[] } {
  const { exposure, environment, realData } = input;
  if (exposure !== "plaintext") {
    return input.weakProtection
      ? {
          severity: "medium",
          reasons: [
            exposure === "hashed"
              ? "protected (hashed) but weakly: a plain hash of one of ~10^9 possible numbers is reversed by hashing them all"
              : `protected (${exposure}) but the protection is weak`,
          ],
        }
      : { severity: "info", reasons: [`protected (${exposure})`] };
  }
  if (input.allTestValues) return { severity: "low", reasons: ["only well-known test values"] };
  if (realData === "unlikely")
    return { severity: "low", reasons: ["plaintext, but the values look synthetic"] };
  if (environment === "non-production") {
    return realData === "confirmed"
      ? { severity: "critical", reasons: ["plaintext real customer data confirmed outside production"] }
      : { severity: "high", reasons: ["plaintext, likely real data outside production"] };
  }
  if (environment === "production") {
    return {
      severity: "high",
      reasons: ["plaintext in production: protect the field (tokenize or encrypt)"],
    };
  }
  if (realData === "confirmed") {
    return {
      severity: "high",
      reasons: [
        "plaintext real customer data (matches production) in a store of unknown environment: critical if it is not production; name its environment",
      ],
    };
  }
  return { severity: "high", reasons: ["plaintext, likely real data, in a store of unknown environment"] };
}

const REMEDIATION: Record<Exposure, string> = {
  plaintext:
    "Remove or tokenize the field; outside production, replace it with synthetic data and purge copies and object versions.",
  hashed: "Replace the plain hash with a keyed HMAC or a token; rotate out the hashed copies.",
  masked: "No action needed beyond confirming the unmasked source is protected.",
  tokenized: "No action needed; confirm the token vault is access-controlled.",
  encrypted: "No action needed; confirm key access is limited.",
};

export function remediationFor(exposure: Exposure, environment: Environment): string {
  if (exposure === "plaintext" && environment === "production") {
    return "Encrypt or tokenize the field at the application layer and restrict who can read the store.";
  }
  return REMEDIATION[exposure];
}
