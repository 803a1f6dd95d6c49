-- Documents translated asynchronously (POST /v1/documents): upload and result in bytea, chunks of translations.

-- CreateEnum
CREATE TYPE "DocumentStatus" AS ENUM ('QUEUED', 'TRANSLATING', 'DONE', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "DocumentFormat" AS ENUM ('TEXT', 'MARKDOWN', 'HTML');

-- CreateTable
CREATE TABLE "Document" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "apiKeyId" UUID,
    "modelVersionId" UUID,
    "usageRecordId" UUID,
    "filename" TEXT NOT NULL,
    "format" "DocumentFormat" NOT NULL,
    "status" "DocumentStatus" NOT NULL DEFAULT 'QUEUED',
    "source" BYTEA NOT NULL,
    "result" BYTEA,
    "segmentCount" INTEGER NOT NULL,
    "translatedSegments" INTEGER NOT NULL DEFAULT 0,
    "billedCharacters" INTEGER NOT NULL,
    "translatedCharacters" INTEGER NOT NULL DEFAULT 0,
    "secondsRemaining" INTEGER,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "errorCode" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "heartbeatAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),

    CONSTRAINT "Document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DocumentChunk" (
    "documentId" UUID NOT NULL,
    "firstSegment" INTEGER NOT NULL,
    "translations" JSONB NOT NULL,

    CONSTRAINT "DocumentChunk_pkey" PRIMARY KEY ("documentId","firstSegment")
);

-- CreateIndex
CREATE INDEX "Document_status_createdAt_idx" ON "Document"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Document_tenantId_createdAt_idx" ON "Document"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "Document_expiresAt_idx" ON "Document"("expiresAt");

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_modelVersionId_fkey" FOREIGN KEY ("modelVersionId") REFERENCES "ModelVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DocumentChunk" ADD CONSTRAINT "DocumentChunk_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

