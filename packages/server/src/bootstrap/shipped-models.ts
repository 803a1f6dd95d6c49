import { createHash, randomUUID } from "node:crypto";
import { cp, mkdir, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { verifyArtifact } from "@parley/engine";
import type { ShippedModel } from "@parley/models";
import type { Database } from "../db/client.js";
import type { ModelVersion, Prisma } from "../db/generated/client.js";
import type { Logger } from "../logging/logger.js";
import { lockModel } from "../modules/models/release-access.js";
import { STABLE_LABEL, moveLabel } from "../modules/models/release-service.js";
import { StartupError } from "../startup-error.js";
import { digestDirectory } from "../modules/training/artifact-digest.js";
import { versionArtifactDir } from "../modules/training/training-paths.js";

/** Reason recorded on the label events this module makes. */
export const SHIPPED_REASON = "shipped";
/** Label moves made by the platform itself (not by an admin): a newer shipped release may move them on. */
const AUTOMATIC_REASONS = new Set([SHIPPED_REASON, "bootstrap"]);
/** Serialises the registration of shipped models across gateways starting at once. */
const REGISTRATION_LOCK = 7_241_503_119;

/** What a shipped version records in its metrics (besides the artifact's own metrics.json). */
export interface ShippedMetrics {
  release: string;
  /** sha256 of the artifact's checksum.sha256: identifies a shipped version whatever its model card says. */
  shippedChecksum: string;
}

export interface RegisterShippedOptions {
  prisma: Database;
  dataDir: string;
  logger: Logger;
  models: readonly ShippedModel[];
}

/** A shipped model after registration: the version its `stable` label serves (to warm the engine with). */
export interface RegisteredShippedModel {
  name: string;
  stable: Pick<ModelVersion, "id" | "version" | "artifactPath"> | null;
  /** Whether this start added a version. */
  added: boolean;
}

/**
 * Registers every shipped model as a PUBLIC model with a READY version: checksums verified with the
 * engine's own check, the artifact copied to `<dataDir>/models/<model id>/<version>` like a trained
 * version's, its release in the version's metrics. Idempotent: a version already registered (same
 * checksum.sha256) is left alone. A newer release adds a version and moves `stable` to it only while
 * `stable` is missing or was last moved by the platform (first registration, an earlier release, the
 * bootstrap training), never when an admin moved it.
 */
export async function registerShippedModels(options: RegisterShippedOptions): Promise<RegisteredShippedModel[]> {
  const registered: RegisteredShippedModel[] = [];
  for (const shipped of options.models) registered.push(await registerOne(options, shipped));
  return registered;
}

async function registerOne(options: RegisterShippedOptions, shipped: ShippedModel): Promise<RegisteredShippedModel> {
  const { prisma, logger } = options;
  try {
    await verifyArtifact(shipped.dir);
  } catch (error) {
    throw new StartupError(`shipped model ${shipped.name} (${shipped.dir}) failed verification: ${(error as Error).message}`);
  }
  const shippedChecksum = `sha256:${createHash("sha256").update(await readFile(path.join(shipped.dir, "checksum.sha256"))).digest("hex")}`;
  const known = await findShippedVersion(prisma, shipped.name, shippedChecksum);
  if (known) return { name: shipped.name, stable: await stableVersion(prisma, known.modelId), added: false };

  // Copied outside the transaction (it may take a moment), moved into place inside it.
  const staging = path.join(options.dataDir, "models", `.shipped-${randomUUID()}`);
  await mkdir(path.dirname(staging), { recursive: true });
  await cp(shipped.dir, staging, { recursive: true });
  let placed: string | undefined;
  try {
    const { checksum, sizeBytes } = await digestDirectory(staging);
    const config = JSON.parse(await readFile(path.join(staging, "config.json"), "utf8")) as { model?: { arch?: string } };
    const artifactMetrics = JSON.parse(await readFile(path.join(staging, "metrics.json"), "utf8")) as Record<string, unknown>;
    const result = await prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${REGISTRATION_LOCK}::bigint)`;
        const model = await findOrCreatePublicModel(tx, shipped);
        await lockModel(tx, model.id);
        const versions = await tx.modelVersion.findMany({ where: { modelId: model.id }, orderBy: { version: "asc" } });
        if (versions.some((version) => shippedOf(version)?.shippedChecksum === shippedChecksum)) return { model, version: undefined };
        const number = (versions.at(-1)?.version ?? 0) + 1;
        const artifactPath = versionArtifactDir(options.dataDir, model.id, number);
        await mkdir(path.dirname(artifactPath), { recursive: true });
        await rm(artifactPath, { recursive: true, force: true });
        await rename(staging, artifactPath);
        placed = artifactPath;
        const shippedMetrics: ShippedMetrics = { release: shipped.release, shippedChecksum };
        const version = await tx.modelVersion.create({
          data: {
            modelId: model.id,
            version: number,
            status: "READY",
            architecture: config.model?.arch ?? "transformer",
            artifactPath,
            artifactChecksum: checksum,
            sizeBytes: BigInt(sizeBytes),
            metrics: { ...artifactMetrics, ...shippedMetrics } as Prisma.InputJsonObject,
            trainingConfig: { shipped: true, release: shipped.release, catalogPath: shipped.path },
          },
        });
        if (await stableMayMove(tx, model.id)) await moveLabel(tx, model.id, STABLE_LABEL, version.id, SHIPPED_REASON);
        return { model, version };
      },
      { timeout: 60_000, maxWait: 60_000 },
    );
    if (result.version) {
      logger.info({ model: shipped.name, version: result.version.version, release: shipped.release }, "shipped model registered");
    }
    return { name: shipped.name, stable: await stableVersion(prisma, result.model.id), added: result.version !== undefined };
  } catch (error) {
    if (placed) await rm(placed, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  } finally {
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
  }
}

function shippedOf(version: Pick<ModelVersion, "metrics">): ShippedMetrics | undefined {
  const metrics = version.metrics as Partial<ShippedMetrics> | null;
  return typeof metrics?.shippedChecksum === "string" ? (metrics as ShippedMetrics) : undefined;
}

async function findShippedVersion(prisma: Database, name: string, shippedChecksum: string): Promise<ModelVersion | undefined> {
  const model = await prisma.model.findFirst({ where: { ownerTenantId: null, name }, include: { versions: true } });
  return model?.versions.find((version) => shippedOf(version)?.shippedChecksum === shippedChecksum);
}

async function findOrCreatePublicModel(tx: Prisma.TransactionClient, shipped: ShippedModel) {
  const existing = await tx.model.findFirst({ where: { ownerTenantId: null, name: shipped.name } });
  if (existing) return existing;
  return tx.model.create({
    data: {
      name: shipped.name,
      sourceLanguage: shipped.sourceLanguage,
      targetLanguage: shipped.targetLanguage,
      ownerTenantId: null,
      description:
        shipped.description ??
        `${shipped.sourceLanguage} to ${shipped.targetLanguage}, shipped with Parley (release ${shipped.release}; see its MODEL_CARD.md).`,
    },
  });
}

/** `stable` may move when it is missing or its last move was the platform's own. */
async function stableMayMove(tx: Prisma.TransactionClient, modelId: string): Promise<boolean> {
  const label = await tx.modelLabel.findUnique({ where: { modelId_name: { modelId, name: STABLE_LABEL } } });
  if (!label) return true;
  const last = await tx.modelLabelEvent.findFirst({ where: { modelId, label: STABLE_LABEL }, orderBy: { id: "desc" } });
  return last !== null && last.toVersionId === label.versionId && AUTOMATIC_REASONS.has(last.reason);
}

async function stableVersion(prisma: Database, modelId: string): Promise<RegisteredShippedModel["stable"]> {
  const label = await prisma.modelLabel.findUnique({ where: { modelId_name: { modelId, name: STABLE_LABEL } }, include: { version: true } });
  if (!label || label.version.status !== "READY") return null;
  return { id: label.version.id, version: label.version.version, artifactPath: label.version.artifactPath };
}
