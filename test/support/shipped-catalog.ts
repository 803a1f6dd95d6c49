import { createHash } from "node:crypto";
import { cp, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { getTinyModelDir } from "./tiny-model.js";

export interface TestShippedModel {
  name: string;
  release: string;
  /** Written into metrics.json (checksums updated), so that each release is a different artifact. */
  variant?: string;
}

/**
 * A model catalog like packages/models' (catalog.json + one artifact folder per model with a MODEL_CARD.md),
 * built from the tiny test model, so that tests do not depend on the real shipped models.
 * Returns the catalog file's path.
 */
export async function writeShippedCatalog(root: string, models: readonly TestShippedModel[]): Promise<string> {
  const tiny = await getTinyModelDir();
  await mkdir(root, { recursive: true });
  const entries = [];
  for (const model of models) {
    const folder = `${model.name}-${model.release}`;
    const dir = path.join(root, folder);
    await cp(tiny, dir, { recursive: true });
    await writeFile(path.join(dir, "MODEL_CARD.md"), `# ${model.name} ${model.release}\n\nTiny test model.\n`);
    if (model.variant) {
      const metrics = JSON.parse(await readFile(path.join(dir, "metrics.json"), "utf8")) as Record<string, unknown>;
      await writeFile(path.join(dir, "metrics.json"), JSON.stringify({ ...metrics, variant: model.variant }, null, 2) + "\n");
      await rewriteChecksums(dir);
    }
    entries.push({ name: model.name, sourceLanguage: "en", targetLanguage: "fr", release: model.release, path: folder });
  }
  const catalog = path.join(root, "catalog.json");
  await writeFile(catalog, JSON.stringify({ models: entries }, null, 2) + "\n");
  return catalog;
}

/** Recomputes checksum.sha256 (sha256sum format) over the files it lists. */
export async function rewriteChecksums(dir: string): Promise<void> {
  const listed = (await readFile(path.join(dir, "checksum.sha256"), "utf8")).split("\n").filter(Boolean).map((line) => line.slice(66));
  const lines = await Promise.all(
    listed.sort().map(async (file) => `${createHash("sha256").update(await readFile(path.join(dir, file))).digest("hex")}  ${file}`),
  );
  await writeFile(path.join(dir, "checksum.sha256"), lines.join("\n") + "\n");
}
