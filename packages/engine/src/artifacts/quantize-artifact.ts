import { copyFile, mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { CHECKSUM_FILE, verifyChecksums, writeChecksums } from "./checksum.js";
import { CONFIG_FILE, METRICS_FILE, TOKENIZER_FILE } from "./model-artifact.js";
import { WEIGHTS_FILE, WEIGHTS_MANIFEST_FILE, readWeights, writeWeights } from "./weights-file.js";

/**
 * Writes a copy of the model version in `sourceDir` to `outDir` with its matrices stored as per-channel int8
 * (int8-quantization.ts): about a quarter of the size, dequantized to float32 when loaded. metrics.json gains
 * `weights: "int8"` and `float32Checksum` (the source's weights checksum); other files are copied unchanged.
 * Throws ArtifactIntegrityError when the source fails its checksums.
 */
export async function quantizeArtifact(sourceDir: string, outDir: string): Promise<void> {
  const required = [CONFIG_FILE, TOKENIZER_FILE, WEIGHTS_FILE, WEIGHTS_MANIFEST_FILE, METRICS_FILE];
  await verifyChecksums(sourceDir, required);
  await mkdir(outDir, { recursive: true });
  const listed = (await readFile(path.join(sourceDir, CHECKSUM_FILE), "utf8"))
    .split("\n").filter((line) => line.trim() !== "").map((line) => line.slice(66));
  const weightsChecksum = (await readFile(path.join(sourceDir, CHECKSUM_FILE), "utf8"))
    .split("\n").find((line) => line.endsWith(`  ${WEIGHTS_FILE}`))?.slice(0, 64);
  await writeWeights(outDir, await readWeights(sourceDir), { int8: true });
  const metrics = JSON.parse(await readFile(path.join(sourceDir, METRICS_FILE), "utf8")) as Record<string, unknown>;
  await writeFile(path.join(outDir, METRICS_FILE), JSON.stringify({ ...metrics, weights: "int8", float32Checksum: weightsChecksum }, null, 2) + "\n");
  const present = new Set(await readdir(sourceDir));
  for (const file of listed) {
    if ([WEIGHTS_FILE, WEIGHTS_MANIFEST_FILE, METRICS_FILE].includes(file) || !present.has(file)) continue;
    await copyFile(path.join(sourceDir, file), path.join(outDir, file));
  }
  await writeChecksums(outDir, listed);
}
