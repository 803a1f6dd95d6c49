import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestGateway } from "./gateway.js";
import { getTinyModelDir } from "./tiny-model.js";

/** ../shared/corpora/tatoeba beside the repository (never copied into it). */
export const TATOEBA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../shared/corpora/tatoeba");

/**
 * A model for one language pair, version 1 READY on the tiny test artifact and labelled stable: public unless
 * ownerTenantId is given. The artifact translates made-up words; routing only needs the model's languages.
 */
export async function publishPairModel(
  gateway: TestGateway,
  name: string,
  sourceLanguage: string,
  targetLanguage: string,
  ownerTenantId: string | null = null,
): Promise<string> {
  const prisma = gateway.db.prisma;
  const model = await prisma.model.create({ data: { name, sourceLanguage, targetLanguage, ownerTenantId } });
  const version = await prisma.modelVersion.create({
    data: { modelId: model.id, version: 1, status: "READY", architecture: "tiny", artifactPath: await getTinyModelDir() },
  });
  await prisma.modelLabel.create({ data: { modelId: model.id, name: "stable", versionId: version.id } });
  return model.id;
}

/**
 * `count` sentences of one side of a Tatoeba dev set, evenly spaced over the file (which runs from short to long
 * sentences), duplicates dropped first. column 0 is English, 1 the other language.
 */
export function tatoebaDevSample(pair: string, column: 0 | 1, count = 200): string[] {
  const lines = readFileSync(path.join(TATOEBA_DIR, pair, "dev.tsv"), "utf8").split("\n").filter(Boolean);
  const sentences = [...new Set(lines.map((line) => line.split("\t")[column]!))];
  const step = sentences.length / count;
  return Array.from({ length: count }, (_, index) => sentences[Math.floor(index * step)]!);
}
