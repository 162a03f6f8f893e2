import { createHash } from "node:crypto";
import type { DataType, Location } from "./schemas.ts";

/** Stable finding id: the same field of the same object with the same data type keeps its id across runs. */
export function findingId(dataType: DataType, location: Location): string {
  return createHash("sha256")
    .update(JSON.stringify([dataType, location.store, location.object, location.field]))
    .digest("hex")
    .slice(0, 24);
}
