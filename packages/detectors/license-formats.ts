// Driver's-license number formats of the 50 states and DC: data only, matching lives in license-match.ts.
// Patterns apply to the normalized number (uppercase, separators removed) and use a small regex subset that
// license-match.ts can measure: atoms `\d`, `[...]` classes and literal letters, each with `{n}`/`{n,m}`.
// `loose` formats (short digit runs, all letters) are too broad to claim a license on their own: they count
// only when the issuing state is known. Examples are synthetic and exist for tests and documentation.

export interface LicenseFormat {
  /** Human-readable description, used as the candidate's pattern name. */
  name: string;
  /** Anchored-match source over the normalized number. */
  pattern: string;
  /** Only valid when the state is known (too broad to decide a license alone). */
  loose?: boolean;
  /** A synthetic example number (may carry the state's printed separators). */
  example: string;
}

export interface StateLicenseFormats {
  code: string;
  name: string;
  formats: readonly LicenseFormat[];
}

const f = (name: string, pattern: string, example: string, loose = false): LicenseFormat =>
  loose ? { name, pattern, example, loose } : { name, pattern, example };

export const LICENSE_FORMATS: readonly StateLicenseFormats[] = [
  {
    code: "AL",
    name: "Alabama",
    formats: [f("7-8 digits", "\\d{7,8}", "12345678"), f("1-6 digits", "\\d{1,6}", "123456", true)],
  },
  {
    code: "AK",
    name: "Alaska",
    formats: [f("7 digits", "\\d{7}", "1234567"), f("1-6 digits", "\\d{1,6}", "123456", true)],
  },
  {
    code: "AZ",
    name: "Arizona",
    formats: [
      f("1 letter + 8 digits", "[A-Z]\\d{8}", "D12345678"),
      f("9 digits", "\\d{9}", "123456789"),
      f("2 letters + 2-5 digits", "[A-Z]{2}\\d{2,5}", "AB12345", true),
    ],
  },
  {
    code: "AR",
    name: "Arkansas",
    formats: [f("8-9 digits", "\\d{8,9}", "912345678"), f("4-7 digits", "\\d{4,7}", "1234567", true)],
  },
  { code: "CA", name: "California", formats: [f("1 letter + 7 digits", "[A-Z]\\d{7}", "D1234567")] },
  {
    code: "CO",
    name: "Colorado",
    formats: [
      f("9 digits", "\\d{9}", "12-345-6789"),
      f("1 letter + 3-6 digits", "[A-Z]\\d{3,6}", "A123456", true),
      f("2 letters + 2-5 digits", "[A-Z]{2}\\d{2,5}", "AB12345", true),
    ],
  },
  { code: "CT", name: "Connecticut", formats: [f("9 digits (01-24 prefix)", "[0-2]\\d{8}", "012345678")] },
  {
    code: "DE",
    name: "Delaware",
    formats: [f("7 digits", "\\d{7}", "1234567"), f("1-6 digits", "\\d{1,6}", "123456", true)],
  },
  {
    code: "DC",
    name: "District of Columbia",
    formats: [f("7 digits", "\\d{7}", "1234567"), f("9 digits", "\\d{9}", "123456789")],
  },
  {
    code: "FL",
    name: "Florida",
    formats: [f("1 letter + 12 digits", "[A-Z]\\d{12}", "S123-456-78-901-0")],
  },
  { code: "GA", name: "Georgia", formats: [f("7-9 digits", "\\d{7,9}", "123456789")] },
  {
    code: "HI",
    name: "Hawaii",
    formats: [f("H + 8 digits", "H\\d{8}", "H12345678"), f("9 digits", "\\d{9}", "123456789")],
  },
  {
    code: "ID",
    name: "Idaho",
    formats: [
      f("2 letters + 6 digits + 1 letter", "[A-Z]{2}\\d{6}[A-Z]", "AB123456C"),
      f("9 digits", "\\d{9}", "123456789"),
    ],
  },
  {
    code: "IL",
    name: "Illinois",
    formats: [f("1 letter + 11-12 digits", "[A-Z]\\d{11,12}", "A123-4567-8901")],
  },
  {
    code: "IN",
    name: "Indiana",
    formats: [
      f("1 letter + 9 digits", "[A-Z]\\d{9}", "A123456789"),
      f("9-10 digits", "\\d{9,10}", "1234-56-7890"),
    ],
  },
  {
    code: "IA",
    name: "Iowa",
    formats: [
      f("9 digits", "\\d{9}", "123456789"),
      f("3 digits + 2 letters + 4 digits", "\\d{3}[A-Z]{2}\\d{4}", "123AB4567"),
    ],
  },
  {
    code: "KS",
    name: "Kansas",
    formats: [
      f("K + 8 digits", "K\\d{8}", "K12-34-5678"),
      f("9 digits", "\\d{9}", "123456789"),
      f("letter-digit-letter-digit-letter", "[A-Z]\\d[A-Z]\\d[A-Z]", "A1B2C", true),
    ],
  },
  {
    code: "KY",
    name: "Kentucky",
    formats: [f("1 letter + 8-9 digits", "[A-Z]\\d{8,9}", "A12345678"), f("9 digits", "\\d{9}", "123456789")],
  },
  {
    code: "LA",
    name: "Louisiana",
    formats: [f("7-9 digits", "\\d{7,9}", "001234567"), f("1-6 digits", "\\d{1,6}", "123456", true)],
  },
  {
    code: "ME",
    name: "Maine",
    formats: [f("7-8 digits", "\\d{7,8}", "1234567"), f("7 digits + 1 letter", "\\d{7}[A-Z]", "1234567X")],
  },
  {
    code: "MD",
    name: "Maryland",
    formats: [f("1 letter + 12 digits", "[A-Z]\\d{12}", "A-123-456-789-012")],
  },
  {
    code: "MA",
    name: "Massachusetts",
    formats: [
      f("1 letter + 8 digits", "[A-Z]\\d{8}", "S12345678"),
      f("2 letters + 7 digits", "[A-Z]{2}\\d{7}", "SA1234567"),
      f("9 digits", "\\d{9}", "123456789"),
    ],
  },
  {
    code: "MI",
    name: "Michigan",
    formats: [
      f("1 letter + 10 digits", "[A-Z]\\d{10}", "A1234567890"),
      f("1 letter + 12 digits", "[A-Z]\\d{12}", "A 123 456 789 012"),
    ],
  },
  { code: "MN", name: "Minnesota", formats: [f("1 letter + 12 digits", "[A-Z]\\d{12}", "A123456789012")] },
  { code: "MS", name: "Mississippi", formats: [f("9 digits", "\\d{9}", "123456789")] },
  {
    code: "MO",
    name: "Missouri",
    formats: [
      f("1 letter + 6-9 digits", "[A-Z]\\d{6,9}", "A123456789"),
      f("1 letter + 5 digits", "[A-Z]\\d{5}", "A12345", true),
      f("1 letter + 6 digits + R", "[A-Z]\\d{6}R", "A123456R"),
      f("8 digits + 2 letters", "\\d{8}[A-Z]{2}", "12345678AB"),
      f("9 digits + 1 letter", "\\d{9}[A-Z]", "123456789A"),
      f("3 digits + 1 letter + 6 digits", "\\d{3}[A-Z]\\d{6}", "123A456789"),
      f("9 digits", "\\d{9}", "123456789"),
    ],
  },
  {
    code: "MT",
    name: "Montana",
    formats: [
      f("1 letter + 8 digits", "[A-Z]\\d{8}", "A12345678"),
      f("9 digits", "\\d{9}", "123456789"),
      f("13-14 digits", "\\d{13,14}", "1234567890123"),
    ],
  },
  {
    code: "NE",
    name: "Nebraska",
    formats: [
      f("1 letter + 6-8 digits", "[A-Z]\\d{6,8}", "A12345678"),
      f("1 letter + 3-5 digits", "[A-Z]\\d{3,5}", "A12345", true),
    ],
  },
  {
    code: "NV",
    name: "Nevada",
    formats: [
      f("9-10 digits", "\\d{9,10}", "1234567890"),
      f("12 digits", "\\d{12}", "123456789012"),
      f("X + 8 digits", "X\\d{8}", "X12345678"),
    ],
  },
  {
    code: "NH",
    name: "New Hampshire",
    formats: [
      f("2 digits + 3 letters + 5 digits", "\\d{2}[A-Z]{3}\\d{5}", "12ABC34567"),
      f("NHL + 8 digits", "NHL\\d{8}", "NHL12345678"),
    ],
  },
  {
    code: "NJ",
    name: "New Jersey",
    formats: [f("1 letter + 14 digits", "[A-Z]\\d{14}", "A1234 56789 01234")],
  },
  { code: "NM", name: "New Mexico", formats: [f("8-9 digits", "\\d{8,9}", "123456789")] },
  {
    code: "NY",
    name: "New York",
    formats: [
      f("1 letter + 7 digits", "[A-Z]\\d{7}", "A1234567"),
      f("1 letter + 18 digits", "[A-Z]\\d{18}", "A123456789012345678"),
      f("8-9 digits", "\\d{8,9}", "123 456 789"),
      f("16 digits", "\\d{16}", "1234567890123456"),
      f("8 letters", "[A-Z]{8}", "ABCDEFGH", true),
    ],
  },
  {
    code: "NC",
    name: "North Carolina",
    formats: [f("7-12 digits", "\\d{7,12}", "000012345678"), f("1-6 digits", "\\d{1,6}", "123456", true)],
  },
  {
    code: "ND",
    name: "North Dakota",
    formats: [f("3 letters + 6 digits", "[A-Z]{3}\\d{6}", "ABC123456"), f("9 digits", "\\d{9}", "123456789")],
  },
  {
    code: "OH",
    name: "Ohio",
    formats: [
      f("2 letters + 6 digits", "[A-Z]{2}\\d{6}", "AB123456"),
      f("1 letter + 6-8 digits", "[A-Z]\\d{6,8}", "A1234567"),
      f("8 digits", "\\d{8}", "12345678"),
      f("1 letter + 4-5 digits", "[A-Z]\\d{4,5}", "A12345", true),
    ],
  },
  {
    code: "OK",
    name: "Oklahoma",
    formats: [f("1 letter + 9 digits", "[A-Z]\\d{9}", "A123456789"), f("9 digits", "\\d{9}", "123456789")],
  },
  {
    code: "OR",
    name: "Oregon",
    formats: [
      f("7-9 digits", "\\d{7,9}", "1234567"),
      f("1 letter + 6 digits", "[A-Z]\\d{6}", "A123456"),
      f("1-6 digits", "\\d{1,6}", "123456", true),
    ],
  },
  { code: "PA", name: "Pennsylvania", formats: [f("8 digits", "\\d{8}", "12 345 678")] },
  {
    code: "RI",
    name: "Rhode Island",
    formats: [f("7 digits", "\\d{7}", "1234567"), f("1 letter + 6 digits", "[A-Z]\\d{6}", "V123456")],
  },
  {
    code: "SC",
    name: "South Carolina",
    formats: [f("7-11 digits", "\\d{7,11}", "102345678"), f("5-6 digits", "\\d{5,6}", "123456", true)],
  },
  {
    code: "SD",
    name: "South Dakota",
    formats: [
      f("7-10 digits", "\\d{7,10}", "12345678"),
      f("12 digits", "\\d{12}", "123456789012"),
      f("6 digits", "\\d{6}", "123456", true),
    ],
  },
  { code: "TN", name: "Tennessee", formats: [f("7-9 digits", "\\d{7,9}", "123456789")] },
  { code: "TX", name: "Texas", formats: [f("7-8 digits", "\\d{7,8}", "12345678")] },
  {
    code: "UT",
    name: "Utah",
    formats: [f("7-10 digits", "\\d{7,10}", "123456789"), f("4-6 digits", "\\d{4,6}", "123456", true)],
  },
  {
    code: "VT",
    name: "Vermont",
    formats: [f("8 digits", "\\d{8}", "12345678"), f("7 digits + A", "\\d{7}A", "1234567A")],
  },
  {
    code: "VA",
    name: "Virginia",
    formats: [
      f("1 letter + 8-11 digits", "[A-Z]\\d{8,11}", "T12-345-678"),
      f("9 digits", "\\d{9}", "123456789"),
    ],
  },
  {
    code: "WA",
    name: "Washington",
    formats: [
      // Since 2018: WDL + 9 alphanumerics.
      f("WDL + 9 alphanumerics", "WDL[A-Z0-9]{9}", "WDL1234567AB"),
      // Legacy name-based: 5 surname letters padded with *, first and middle initial, 3 digits, 2 check chars.
      f("legacy name-based 12 characters", "[A-Z][A-Z*]{4}[A-Z][A-Z*]\\d{3}[A-Z0-9]{2}", "DOE**JA456X9"),
    ],
  },
  {
    code: "WV",
    name: "West Virginia",
    formats: [
      f("7 digits", "\\d{7}", "1234567"),
      f("1-2 letters + 5-6 digits", "[A-Z]{1,2}\\d{5,6}", "AB123456"),
    ],
  },
  {
    code: "WI",
    name: "Wisconsin",
    formats: [f("1 letter + 13 digits", "[A-Z]\\d{13}", "A123-4567-8901-23")],
  },
  { code: "WY", name: "Wyoming", formats: [f("9-10 digits", "\\d{9,10}", "123456-789")] },
];

/** Two-letter codes of the 50 states and DC. */
export const STATE_CODES: readonly string[] = LICENSE_FORMATS.map((s) => s.code);
