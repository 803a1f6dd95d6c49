-- CreateEnum
CREATE TYPE "ApiKeyScope" AS ENUM ('ADMIN', 'TRANSLATE', 'TRAIN', 'READ');

-- CreateEnum
CREATE TYPE "UsageKind" AS ENUM ('TRANSLATION', 'TRAINING');

-- CreateEnum
CREATE TYPE "UsageStatus" AS ENUM ('RESERVED', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "ModelVersionStatus" AS ENUM ('TRAINING', 'READY', 'FAILED', 'ARCHIVED');

-- CreateEnum
CREATE TYPE "DatasetStatus" AS ENUM ('READY', 'DELETED');

-- CreateEnum
CREATE TYPE "TrainingJobStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'INTERRUPTED');

-- CreateTable
CREATE TABLE "Tenant" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "monthlyCharacterQuota" BIGINT NOT NULL DEFAULT 500000,
    "requestsPerMinute" INTEGER NOT NULL DEFAULT 600,
    "maxConcurrentRequests" INTEGER NOT NULL DEFAULT 8,
    "maxBatchSize" INTEGER NOT NULL DEFAULT 128,
    "maxTextLength" INTEGER NOT NULL DEFAULT 5000,
    "monthlyTrainingMinutes" INTEGER NOT NULL DEFAULT 120,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Tenant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "scopes" "ApiKeyScope"[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsageRecord" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "apiKeyId" UUID,
    "modelVersionId" UUID,
    "kind" "UsageKind" NOT NULL DEFAULT 'TRANSLATION',
    "status" "UsageStatus" NOT NULL DEFAULT 'RESERVED',
    "inputCharacters" INTEGER NOT NULL DEFAULT 0,
    "outputCharacters" INTEGER NOT NULL DEFAULT 0,
    "inputTokens" INTEGER NOT NULL DEFAULT 0,
    "outputTokens" INTEGER NOT NULL DEFAULT 0,
    "trainingSeconds" INTEGER NOT NULL DEFAULT 0,
    "latencyMs" INTEGER,
    "idempotencyKey" TEXT,
    "response" JSONB,
    "period" DATE NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "settledAt" TIMESTAMP(3),

    CONSTRAINT "UsageRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsageCounter" (
    "tenantId" UUID NOT NULL,
    "period" DATE NOT NULL,
    "characters" BIGINT NOT NULL DEFAULT 0,
    "trainingSeconds" INTEGER NOT NULL DEFAULT 0,
    "requests" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "UsageCounter_pkey" PRIMARY KEY ("tenantId","period")
);

-- CreateTable
CREATE TABLE "Model" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "sourceLanguage" TEXT NOT NULL,
    "targetLanguage" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "ownerTenantId" UUID,
    "canaryPercent" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Model_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModelVersion" (
    "id" UUID NOT NULL,
    "modelId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "status" "ModelVersionStatus" NOT NULL DEFAULT 'TRAINING',
    "architecture" TEXT NOT NULL,
    "artifactPath" TEXT,
    "artifactChecksum" TEXT,
    "sizeBytes" BIGINT,
    "metrics" JSONB NOT NULL DEFAULT '{}',
    "trainingConfig" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "archivedAt" TIMESTAMP(3),

    CONSTRAINT "ModelVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModelLabel" (
    "modelId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "versionId" UUID NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ModelLabel_pkey" PRIMARY KEY ("modelId","name")
);

-- CreateTable
CREATE TABLE "ModelLabelEvent" (
    "id" BIGSERIAL NOT NULL,
    "modelId" UUID NOT NULL,
    "label" TEXT NOT NULL,
    "fromVersionId" UUID,
    "toVersionId" UUID NOT NULL,
    "reason" TEXT NOT NULL DEFAULT 'promote',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ModelLabelEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Dataset" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "sourceLanguage" TEXT NOT NULL,
    "targetLanguage" TEXT NOT NULL,
    "status" "DatasetStatus" NOT NULL DEFAULT 'READY',
    "storagePath" TEXT NOT NULL,
    "checksum" TEXT NOT NULL,
    "sizeBytes" BIGINT NOT NULL,
    "pairCount" INTEGER NOT NULL,
    "trainCount" INTEGER NOT NULL,
    "devCount" INTEGER NOT NULL,
    "testCount" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Dataset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrainingJob" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "modelId" UUID NOT NULL,
    "datasetId" UUID,
    "status" "TrainingJobStatus" NOT NULL DEFAULT 'QUEUED',
    "architecture" TEXT NOT NULL,
    "preset" TEXT NOT NULL,
    "config" JSONB NOT NULL DEFAULT '{}',
    "maxMinutes" INTEGER NOT NULL,
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "step" INTEGER NOT NULL DEFAULT 0,
    "totalSteps" INTEGER NOT NULL DEFAULT 0,
    "etaSeconds" INTEGER,
    "lossCurve" JSONB NOT NULL DEFAULT '[]',
    "devBleu" DOUBLE PRECISION,
    "checkpointPath" TEXT,
    "error" TEXT,
    "usedSeconds" INTEGER NOT NULL DEFAULT 0,
    "resultVersionId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "heartbeatAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "TrainingJob_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Tenant_name_key" ON "Tenant"("name");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_prefix_key" ON "ApiKey"("prefix");

-- CreateIndex
CREATE INDEX "ApiKey_tenantId_idx" ON "ApiKey"("tenantId");

-- CreateIndex
CREATE INDEX "UsageRecord_tenantId_createdAt_idx" ON "UsageRecord"("tenantId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "UsageRecord_tenantId_idempotencyKey_key" ON "UsageRecord"("tenantId", "idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "Model_ownerTenantId_name_key" ON "Model"("ownerTenantId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "ModelVersion_modelId_version_key" ON "ModelVersion"("modelId", "version");

-- CreateIndex
CREATE INDEX "ModelLabelEvent_modelId_label_createdAt_idx" ON "ModelLabelEvent"("modelId", "label", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Dataset_tenantId_name_key" ON "Dataset"("tenantId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "TrainingJob_resultVersionId_key" ON "TrainingJob"("resultVersionId");

-- CreateIndex
CREATE INDEX "TrainingJob_status_createdAt_idx" ON "TrainingJob"("status", "createdAt");

-- CreateIndex
CREATE INDEX "TrainingJob_tenantId_createdAt_idx" ON "TrainingJob"("tenantId", "createdAt");

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsageRecord" ADD CONSTRAINT "UsageRecord_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsageRecord" ADD CONSTRAINT "UsageRecord_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsageRecord" ADD CONSTRAINT "UsageRecord_modelVersionId_fkey" FOREIGN KEY ("modelVersionId") REFERENCES "ModelVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsageCounter" ADD CONSTRAINT "UsageCounter_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Model" ADD CONSTRAINT "Model_ownerTenantId_fkey" FOREIGN KEY ("ownerTenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelVersion" ADD CONSTRAINT "ModelVersion_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelLabel" ADD CONSTRAINT "ModelLabel_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelLabel" ADD CONSTRAINT "ModelLabel_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "ModelVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelLabelEvent" ADD CONSTRAINT "ModelLabelEvent_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dataset" ADD CONSTRAINT "Dataset_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrainingJob" ADD CONSTRAINT "TrainingJob_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrainingJob" ADD CONSTRAINT "TrainingJob_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrainingJob" ADD CONSTRAINT "TrainingJob_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrainingJob" ADD CONSTRAINT "TrainingJob_resultVersionId_fkey" FOREIGN KEY ("resultVersionId") REFERENCES "ModelVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Public models (no owner) need unique names too, and NULL owners never collide in a plain unique index.
CREATE UNIQUE INDEX "Model_public_name_key" ON "Model"("name") WHERE "ownerTenantId" IS NULL;
