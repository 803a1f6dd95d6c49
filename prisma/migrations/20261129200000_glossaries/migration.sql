-- Glossaries: per-tenant terms for a language pair, applied by translate(glossaryId).

-- CreateTable
CREATE TABLE "Glossary" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "sourceLanguage" TEXT NOT NULL,
    "targetLanguage" TEXT NOT NULL,
    "entryCount" INTEGER NOT NULL,
    "entries" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Glossary_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Glossary_tenantId_name_key" ON "Glossary"("tenantId", "name");

-- AddForeignKey
ALTER TABLE "Glossary" ADD CONSTRAINT "Glossary_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
