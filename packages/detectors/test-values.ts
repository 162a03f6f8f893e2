// Well-known SSN example, advertising and placeholder numbers: seeing them says "test data", not "real data".

/** Published/misused numbers (9 digits): the Woolworth wallet card, the SSA pamphlet, advertising range. */
export const SSN_TEST_VALUES: ReadonlySet<string> = new Set([
  "078051120", // Woolworth wallet insert (1938), the most misused number
  "219099999", // SSA pamphlet example
  "123456789",
  "123121234",
  "111223333",
  "987654320",
  "987654321",
  "987654322",
  "987654323",
  "987654324",
  "987654325",
  "987654326",
  "987654327",
  "987654328",
  "987654329", // 987-65-4320…4329: reserved for advertising
]);

/** Consecutive digits, ascending or descending with wrap-around: 123456789, 234567890, 876543210. */
export function isSequentialDigits(digits: string): boolean {
  if (digits.length < 2) return false;
  const step = (digits.charCodeAt(1) - digits.charCodeAt(0) + 10) % 10;
  if (step !== 1 && step !== 9) return false;
  for (let i = 2; i < digits.length; i++) {
    if ((digits.charCodeAt(i) - digits.charCodeAt(i - 1) + 10) % 10 !== step) return false;
  }
  return true;
}

/** Whether a 9-digit SSN is a well-known example/test value or an obvious sequence. */
export function isSsnTestValue(digits: string): boolean {
  return SSN_TEST_VALUES.has(digits) || (digits.length === 9 && isSequentialDigits(digits));
}
