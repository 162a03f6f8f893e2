// Names, addresses, contact details and dates: the ordinary columns around the PII.
import type { StateCode } from "./licenses.ts";
import type { Rng } from "./rng.ts";
import { pad } from "./ssn.ts";

const FIRST_NAMES = [
  "James",
  "Mary",
  "Robert",
  "Patricia",
  "John",
  "Jennifer",
  "Michael",
  "Linda",
  "David",
  "Elizabeth",
  "William",
  "Barbara",
  "Richard",
  "Susan",
  "Joseph",
  "Jessica",
  "Thomas",
  "Sarah",
  "Carlos",
  "Karen",
  "Daniel",
  "Lisa",
  "Matthew",
  "Nancy",
  "Anthony",
  "Sandra",
  "Mark",
  "Ashley",
  "Wei",
  "Priya",
  "Andre",
  "Fatima",
  "Luis",
  "Mei",
  "Omar",
  "Grace",
  "Kevin",
  "Hannah",
  "Jamal",
  "Sofia",
];
const LAST_NAMES = [
  "Smith",
  "Johnson",
  "Williams",
  "Brown",
  "Jones",
  "Garcia",
  "Miller",
  "Davis",
  "Rodriguez",
  "Martinez",
  "Hernandez",
  "Lopez",
  "Gonzalez",
  "Wilson",
  "Anderson",
  "Thomas",
  "Taylor",
  "Moore",
  "Jackson",
  "Martin",
  "Lee",
  "Perez",
  "Thompson",
  "White",
  "Harris",
  "Sanchez",
  "Clark",
  "Ramirez",
  "Lewis",
  "Robinson",
  "Nguyen",
  "Patel",
  "Kim",
  "O'Brien",
  "Okafor",
  "Chen",
  "Walker",
  "Young",
  "Allen",
  "King",
];
/** Names that need more than ASCII: exercise Latin-1 and UTF-16 encodings. */
const ACCENTED_NAMES = [
  "José Muñoz",
  "Zoë Brontë",
  "François Lefèvre",
  "Ana Peña",
  "Jürgen Groß",
  "Inés Nuñez",
];
const STREETS = [
  "Main St",
  "Oak Ave",
  "Maple Dr",
  "Cedar Ln",
  "Elm St",
  "Pine Rd",
  "Lakeview Blvd",
  "Hill Ct",
];
const CITIES = [
  "Springfield",
  "Riverside",
  "Franklin",
  "Greenville",
  "Fairview",
  "Madison",
  "Clinton",
  "Salem",
];
const EMAIL_DOMAINS = ["example.com", "example.org", "example.net", "mail.example.com"];

export interface Person {
  firstName: string;
  lastName: string;
  fullName: string;
  email: string;
}

export function person(rng: Rng): Person {
  const firstName = rng.pick(FIRST_NAMES);
  const lastName = rng.pick(LAST_NAMES);
  const handle = `${firstName}.${lastName}`.toLowerCase().replace(/[^a-z.]/g, "");
  return {
    firstName,
    lastName,
    fullName: `${firstName} ${lastName}`,
    email: `${handle}${rng.int(1, 999)}@${rng.pick(EMAIL_DOMAINS)}`,
  };
}

export function accentedName(rng: Rng): string {
  return rng.pick(ACCENTED_NAMES);
}

export interface Address {
  street: string;
  city: string;
  state: StateCode;
  zip: string;
}

export function address(rng: Rng, state: StateCode): Address {
  return {
    street: `${rng.int(1, 9999)} ${rng.pick(STREETS)}`,
    city: rng.pick(CITIES),
    state,
    zip: pad(rng.int(1001, 99950), 5),
  };
}

export type PhoneFormat = "parens" | "dashed" | "dotted" | "e164" | "plain10";

/** 555-01xx is reserved for fiction; keep the exchange there so no real line is printed. */
export function phoneNumber(rng: Rng, format: PhoneFormat = "parens"): string {
  const area = String(rng.int(201, 989));
  const line = `01${rng.digits(2)}`;
  switch (format) {
    case "parens":
      return `(${area}) 555-${line}`;
    case "dashed":
      return `${area}-555-${line}`;
    case "dotted":
      return `${area}.555.${line}`;
    case "e164":
      return `+1${area}555${line}`;
    case "plain10":
      return `${area}555${line}`;
  }
}

export function email(rng: Rng): string {
  return person(rng).email;
}

/** ISO date (YYYY-MM-DD) between two years, inclusive. */
export function isoDate(rng: Rng, fromYear = 1940, toYear = 2005): string {
  return `${rng.int(fromYear, toYear)}-${pad(rng.int(1, 12), 2)}-${pad(rng.int(1, 28), 2)}`;
}

export function usDate(rng: Rng, fromYear = 1940, toYear = 2005): string {
  const [y, m, d] = isoDate(rng, fromYear, toYear).split("-");
  return `${m}/${d}/${y}`;
}

export function isoTimestamp(rng: Rng, year = 2024): string {
  const date = isoDate(rng, year, year);
  return `${date}T${pad(rng.int(0, 23), 2)}:${pad(rng.int(0, 59), 2)}:${pad(rng.int(0, 59), 2)}Z`;
}
