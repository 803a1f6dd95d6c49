-- The dev evaluations of a training job (step, dev loss, dev BLEU, time), for the dev BLEU curve.
ALTER TABLE "TrainingJob" ADD COLUMN "evaluations" JSONB NOT NULL DEFAULT '[]';
