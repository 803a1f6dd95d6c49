import { readFile } from "node:fs/promises";
import path from "node:path";
import { TOKENIZER_FILE } from "../artifacts/model-artifact.js";
import type { Tokenizer } from "../artifacts/tokenizer-codec.js";
import { InitFromMismatchError } from "./init-from-mismatch-error.js";
import type { ParentArtifact } from "./model-source.js";

/** Written into every checkpoint of a continued run, so a resume cannot silently switch parents. */
export const PARENT_FILE = "parent.json";

async function readParentFile(checkpointDir: string): Promise<{ checksum: string } | undefined> {
  const text = await readFile(path.join(checkpointDir, PARENT_FILE), "utf8").catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as { checksum: string });
}

/** A resumed continuation must use the parent (and so the tokenizer) its checkpoint was started from. */
export async function assertSameParent(checkpointDir: string, parent: ParentArtifact, tokenizer: Tokenizer): Promise<void> {
  const recorded = await readParentFile(checkpointDir);
  if (recorded?.checksum !== parent.checksum) {
    throw new InitFromMismatchError(recorded === undefined
      ? `checkpoint ${checkpointDir} is of a run trained from scratch: resume it without initFrom`
      : `checkpoint ${checkpointDir} continues a different parent (checksum ${recorded.checksum}) than ${parent.dir}`);
  }
  const checkpointTokenizer = JSON.stringify(JSON.parse(await readFile(path.join(checkpointDir, TOKENIZER_FILE), "utf8")));
  if (checkpointTokenizer !== JSON.stringify(tokenizer.toJSON())) {
    throw new InitFromMismatchError(`checkpoint ${checkpointDir} has a different tokenizer than ${parent.dir}`);
  }
}

export async function assertNoParent(checkpointDir: string): Promise<void> {
  const recorded = await readParentFile(checkpointDir);
  if (recorded !== undefined) {
    throw new InitFromMismatchError(`checkpoint ${checkpointDir} continues another model version: resume it with the same initFrom`);
  }
}
