-- AlterTable
ALTER TABLE "TrainingJob" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "checkpointStep" INTEGER,
ADD COLUMN     "resumedFromStep" INTEGER;

