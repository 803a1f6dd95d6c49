import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/**
 * A directory's SHA-256 (over each file's relative path and bytes, in sorted
 * order) and total size: what a version's artifact is checked against.
 */
export async function digestDirectory(dir: string): Promise<{ checksum: string; sizeBytes: number }> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
  const hash = createHash("sha256");
  let sizeBytes = 0;
  for (const file of files) {
    const bytes = await readFile(path.join(dir, file));
    hash.update(`${file}\0${bytes.length}\0`);
    hash.update(bytes);
    sizeBytes += bytes.length;
  }
  return { checksum: `sha256:${hash.digest("hex")}`, sizeBytes };
}
