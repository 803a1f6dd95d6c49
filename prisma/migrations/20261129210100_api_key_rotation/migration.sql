-- rotateApiKey: the key an API key was rotated to (at most once).
ALTER TABLE "ApiKey" ADD COLUMN "replacedById" UUID;
CREATE UNIQUE INDEX "ApiKey_replacedById_key" ON "ApiKey"("replacedById");
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_replacedById_fkey" FOREIGN KEY ("replacedById") REFERENCES "ApiKey"("id") ON DELETE SET NULL ON UPDATE CASCADE;
