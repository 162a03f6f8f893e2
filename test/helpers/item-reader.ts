// Test seam for DISTRIBUTED Maps that read their items with an S3 ItemReader. aws-local-stepfunctions
// cannot run an ItemReader (see ../shared/TESTING.md), so the test rewrites each such Map into what it
// does: a Task that GETs the JSON array (bound by the test to `readItems`, the real SDK against s3rver),
// then the same Map over the array it returned. Everything else (ItemSelector, the item processor,
// concurrency, ResultPath, the Next links) is left as deployed. Used by tests only.
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { z } from "zod";

type States = Record<string, Record<string, unknown>>;
interface Definition {
  StartAt: string;
  States: States;
}

const ItemReader = z.object({
  Resource: z.literal("arn:aws:states:::s3:getObject"),
  ReaderConfig: z.object({ InputType: z.literal("JSON") }),
  Parameters: z.record(z.string(), z.unknown()),
});

/** Where the rewritten Map finds the array its reader Task fetched. */
const ITEMS_PATH = "$.__itemReaderItems";

/** The name of the Task that stands in for `<map>`'s ItemReader. */
export const readerTaskName = (map: string) => `${map}ItemReader`;

/** The definition with every ItemReader Map preceded by a reader Task; the names of those Tasks. */
export function inlineItemReaders<D extends Definition>(definition: D): { definition: D; readers: string[] } {
  const copy = structuredClone(definition);
  const maps = Object.entries(copy.States).filter(([, state]) => state.Type === "Map" && state.ItemReader);
  const readers: string[] = [];
  const redirect = (name: string) => (maps.some(([m]) => m === name) ? readerTaskName(name) : name);
  for (const state of Object.values(copy.States)) {
    if (typeof state.Next === "string") state.Next = redirect(state.Next);
  }
  copy.StartAt = redirect(copy.StartAt);
  for (const [name, map] of maps) {
    const reader = ItemReader.parse(map.ItemReader);
    delete map.ItemReader;
    map.ItemsPath = ITEMS_PATH;
    const reads = readerTaskName(name);
    copy.States[reads] = {
      Type: "Task",
      Resource: reader.Resource,
      Parameters: reader.Parameters,
      ResultPath: ITEMS_PATH,
      Next: name,
    };
    readers.push(reads);
  }
  return { definition: copy, readers };
}

/** What the ItemReader does with `InputType: JSON`: GET the object, and it must hold a JSON array. */
export function readItems(client: S3Client) {
  return async (input: unknown): Promise<unknown[]> => {
    const { Bucket, Key } = z.object({ Bucket: z.string(), Key: z.string() }).parse(input);
    const out = await client.send(new GetObjectCommand({ Bucket, Key }));
    return z.array(z.unknown()).parse(JSON.parse((await out.Body?.transformToString()) ?? ""));
  };
}
