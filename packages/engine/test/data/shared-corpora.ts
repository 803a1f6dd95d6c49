/** Locates the read-only corpora beside the repository (../shared/corpora); fails loudly when they are absent. */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
export const corporaDir = resolve(repoRoot, "../shared/corpora");

export function corpusFile(relativePath: string): string {
  const path = resolve(corporaDir, relativePath);
  if (!existsSync(path)) {
    throw new Error(`corpus file ${path} is missing: these tests need the shared corpora beside the repository`);
  }
  return path;
}
