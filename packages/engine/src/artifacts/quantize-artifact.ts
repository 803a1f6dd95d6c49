import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { readChecksumListing, writeChecksums } from "./checksum.js";
import { METRICS_FILE, verifyArtifact } from "./model-artifact.js";
import { WEIGHTS_FILE, WEIGHTS_MANIFEST_FILE, readWeights, writeWeights } from "./weights-file.js";

/**
 * Writes a copy of the model version in `sourceDir` to `outDir` with its matrices stored as per-channel int8
 * (int8-quantization.ts): about a quarter of the size, dequantized to float32 when loaded. metrics.json gains
 * `weights: "int8"` and `float32Checksum` (the source's weights checksum); other files are copied unchanged.
 * Throws ArtifactIntegrityError when the source fails its checksums.
 */
export async function quantizeArtifact(sourceDir: string, outDir: string): Promise<void> {
  await verifyArtifact(sourceDir);
  await mkdir(outDir, { recursive: true });
  const listing = await readChecksumListing(sourceDir);
  await writeWeights(outDir, await readWeights(sourceDir), { int8: true });
  const metrics = JSON.parse(await readFile(path.join(sourceDir, METRICS_FILE), "utf8")) as Record<string, unknown>;
  await writeFile(path.join(outDir, METRICS_FILE), JSON.stringify({ ...metrics, weights: "int8", float32Checksum: listing.get(WEIGHTS_FILE) }, null, 2) + "\n");
  // verifyArtifact checked that every listed file is present.
  for (const file of listing.keys()) {
    if ([WEIGHTS_FILE, WEIGHTS_MANIFEST_FILE, METRICS_FILE].includes(file)) continue;
    await copyFile(path.join(sourceDir, file), path.join(outDir, file));
  }
  await writeChecksums(outDir, [...listing.keys()]);
}
