import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { createGateway, createLogger, createTranslationEngine, generateApiKey, hashApiKey, keyPrefix, loadConfig } from "@parley/server";
import { repoRoot } from "@parley/server/testing";
import { shippedModels } from "@parley/models";
import { uploadDocument } from "../../test/support/documents.js";
import { createBenchDatabase } from "../gateway/bench-database.js";

// Document throughput: plain-text documents uploaded to POST /v1/documents and translated by the gateway's document
// runner (engine in process, the shipped eng-fra model, greedy), timed from upload to DONE; English prose from Tatoeba.
// Run: pnpm --filter @parley/bench exec tsx documents/throughput.ts   (BENCH_DOCUMENT_CHARACTERS, default 10000,20000)

const SIZES = (process.env.BENCH_DOCUMENT_CHARACTERS ?? "10000,20000").split(",").map(Number);
const logger = createLogger("warn");
const db = await createBenchDatabase(logger);
const adminKey = generateApiKey();
const dataDir = await mkdtemp(path.join(os.tmpdir(), "parley-bench-documents-"));
const config = loadConfig({ DATABASE_URL: db.url, PARLEY_DATA_DIR: dataDir, LOG_LEVEL: "warn" });
const engine = await createTranslationEngine(config, logger);
const gateway = await createGateway({ config, logger, prisma: db.prisma, engine });
const server = await gateway.start(0, "127.0.0.1");
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const tenant = await db.prisma.tenant.create({ data: { name: "bench", monthlyCharacterQuota: 10n ** 12n, requestsPerMinute: 1_000_000 } });
const key = adminKey;
await db.prisma.apiKey.create({ data: { tenantId: tenant.id, name: "bench", prefix: keyPrefix(key), hash: hashApiKey(key), scopes: ["TRANSLATE", "READ"] } });
const shipped = shippedModels().find((entry) => entry.name === "eng-fra")!;
const model = await db.prisma.model.create({ data: { name: "eng-fra", sourceLanguage: "en", targetLanguage: "fr" } });
const version = await db.prisma.modelVersion.create({
  data: { modelId: model.id, version: 1, status: "READY", architecture: "transformer", artifactPath: shipped.dir },
});
await db.prisma.modelLabel.create({ data: { modelId: model.id, name: "stable", versionId: version.id } });
await engine.translate({ id: version.id, artifactPath: version.artifactPath! }, ["Hello."], {}); // load the model first
/** English prose of `size` characters: Tatoeba eng-fra dev sentences (read from ../shared), five to a paragraph. */
function englishDocument(size: number): string {
  const sentences = readFileSync(path.join(repoRoot, "..", "shared", "corpora", "tatoeba", "eng-fra", "dev.tsv"), "utf8").trim().split("\n").map((line) => line.split("\t")[0]!);
  const paragraphs: string[] = [];
  let length = 0;
  for (let i = 0; length < size; i += 5) {
    const paragraph = Array.from({ length: 5 }, (_, j) => sentences[(i + j) % sentences.length]!).join(" ");
    paragraphs.push(paragraph);
    length += paragraph.length + 2;
  }
  return paragraphs.join("\n\n");
}

interface Row { characters: number; billedCharacters: number; segments: number; seconds: number; charactersPerSecond: number }
const rows: Row[] = [];
for (const size of SIZES) {
  const text = englishDocument(size);
  const started = performance.now();
  const upload = await uploadDocument(url, key, { content: text, filename: "bench.txt", fields: { model: "eng-fra" } });
  if (upload.status !== 201) throw new Error(`upload failed: ${JSON.stringify(upload.body)}`);
  let row;
  do {
    await new Promise((resolve) => setTimeout(resolve, 50));
    row = await db.prisma.document.findUniqueOrThrow({ where: { id: upload.body.id } });
  } while (row.status === "QUEUED" || row.status === "TRANSLATING");
  if (row.status !== "DONE") throw new Error(`document ${row.status}: ${row.error}`);
  const seconds = (performance.now() - started) / 1000;
  rows.push({ characters: [...text].length, billedCharacters: row.billedCharacters, segments: row.segmentCount, seconds: Number(seconds.toFixed(2)), charactersPerSecond: Math.round(row.billedCharacters / seconds) });
}
await gateway.stop();
await engine.close();
await db.drop();

const machine = {
  cpu: os.cpus()[0]?.model ?? "unknown",
  cores: os.cpus().length,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  loadAverageAtEnd: os.loadavg().map((load) => Number(load.toFixed(2))),
};
console.table(rows);
console.log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, load ${machine.loadAverageAtEnd.join(" ")}`);
const results = path.join(repoRoot, "bench", "results");
await mkdir(results, { recursive: true });
await writeFile(path.join(results, "documents.json"), `${JSON.stringify({ date: new Date().toISOString(), machine, model: `shipped eng-fra ${shipped.release}, greedy`, rows }, null, 2)}\n`);
console.log("written: bench/results/documents.json");
process.exit(0);
