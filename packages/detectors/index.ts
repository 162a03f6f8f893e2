// Public surface of the detectors: one Detector per data type, plus the context helpers the engine needs
// to build a DetectionContext (field kind, state hint) and the validity rules the assessment reuses.
import type { Detector } from "../core/index.ts";
import { driversLicenseDetector } from "./drivers-license.ts";
import { ssnDetector } from "./ssn.ts";

export {
  declaredKindOf,
  declaresKind,
  describeField,
  type FieldInfo,
  type FieldKind,
  fieldKind,
  fieldKindInRecord,
  isGenericIdField,
  isTypeField,
  licenseContextNear,
  type Nearby,
  normalizeState,
  ssnContextNear,
  stateFromText,
  stateHintForField,
} from "./context.ts";
export { detectDriversLicense, driversLicenseDetector, isNpi } from "./drivers-license.ts";
export {
  LICENSE_FORMATS,
  type LicenseFormat,
  STATE_CODES,
  type StateLicenseFormats,
} from "./license-formats.ts";
export { type AnyStateMatch, licenseFormatFor, matchAnyState } from "./license-match.ts";
export { fieldRole, mayHoldCandidate } from "./screen.ts";
export {
  detectSsn,
  isItin,
  isSsnValid,
  type SsnInvalidReason,
  ssnDetector,
  ssnInvalidReason,
} from "./ssn.ts";
export { isSequentialDigits, isSsnTestValue, SSN_TEST_VALUES } from "./test-values.ts";

/** Every detector, in report order. */
export const DETECTORS: readonly Detector[] = [ssnDetector, driversLicenseDetector];
