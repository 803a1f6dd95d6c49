import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";

export const CHECKSUM_FILE = "checksum.sha256";

export class ArtifactIntegrityError extends Error {
  override readonly name = "ArtifactIntegrityError";
}

async function sha256(file: string): Promise<string> {
  return createHash("sha256").update(await readFile(file)).digest("hex");
}

/** Writes `sha256sum`-compatible lines ("<hex>  <file>") for the given files of dir. */
export async function writeChecksums(dir: string, files: readonly string[]): Promise<void> {
  const lines = await Promise.all([...files].sort().map(async (f) => `${await sha256(path.join(dir, f))}  ${f}`));
  await writeFile(path.join(dir, CHECKSUM_FILE), lines.join("\n") + "\n");
}

/** The files checksum.sha256 of dir lists, with their sha256 (hex), in file order. */
export async function readChecksumListing(dir: string): Promise<Map<string, string>> {
  const text = await readFile(path.join(dir, CHECKSUM_FILE), "utf8");
  const listed = new Map<string, string>();
  for (const line of text.split("\n").filter((l) => l.trim() !== "")) {
    const match = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (match === null) throw new ArtifactIntegrityError(`malformed line in ${path.join(dir, CHECKSUM_FILE)}: ${line}`);
    listed.set(match[2]!, match[1]!);
  }
  return listed;
}

/** Verifies every listed file and that `required` files are all listed. Throws ArtifactIntegrityError. */
export async function verifyChecksums(dir: string, required: readonly string[]): Promise<void> {
  let listed: Map<string, string>;
  try {
    listed = await readChecksumListing(dir);
  } catch (error) {
    if (error instanceof ArtifactIntegrityError) throw error;
    throw new ArtifactIntegrityError(`model artifact ${dir} has no ${CHECKSUM_FILE}`);
  }
  for (const file of required) {
    if (!listed.has(file)) throw new ArtifactIntegrityError(`${CHECKSUM_FILE} in ${dir} does not cover ${file}`);
  }
  for (const [file, expected] of listed) {
    let actual: string;
    try {
      actual = await sha256(path.join(dir, file));
    } catch {
      throw new ArtifactIntegrityError(`model artifact ${dir} is missing ${file}`);
    }
    if (actual !== expected) {
      throw new ArtifactIntegrityError(`checksum mismatch for ${file} in ${dir}: expected ${expected}, got ${actual} (file corrupted or modified)`);
    }
  }
}
