-- Continued training: the version a job starts from, and the version a trained version came from.

-- AlterTable
ALTER TABLE "ModelVersion" ADD COLUMN     "parentVersionId" UUID;

-- AlterTable
ALTER TABLE "TrainingJob" ADD COLUMN     "parentVersionId" UUID;

-- AddForeignKey
ALTER TABLE "ModelVersion" ADD CONSTRAINT "ModelVersion_parentVersionId_fkey" FOREIGN KEY ("parentVersionId") REFERENCES "ModelVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrainingJob" ADD CONSTRAINT "TrainingJob_parentVersionId_fkey" FOREIGN KEY ("parentVersionId") REFERENCES "ModelVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;
