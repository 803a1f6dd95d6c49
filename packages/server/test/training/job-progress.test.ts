import { describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { createLogger } from "../../src/logging/logger.js";
import { JobProgressWriter, MAX_EVALUATIONS, type EvaluationPoint } from "../../src/modules/training/job-progress.js";

/** A writer whose database only records what each heartbeat writes to the job row. */
function writerFor(previousEvaluations: EvaluationPoint[] = []) {
  const writes: Record<string, unknown>[] = [];
  const tx = {
    trainingJob: {
      updateMany: async ({ data }: { data: Record<string, unknown> }) => {
        writes.push(data);
        return { count: 1 };
      },
    },
  };
  const prisma = { $transaction: (run: (client: typeof tx) => Promise<unknown>) => run(tx) } as unknown as Database;
  const writer = new JobProgressWriter(
    prisma,
    { id: "job", tenantId: "tenant", attempts: 1 },
    { lossCurve: [], evaluations: previousEvaluations },
    createLogger("silent"),
    () => {},
  );
  const lastEvaluations = () => writes.findLast((data) => data.evaluations !== undefined)?.evaluations as EvaluationPoint[] | undefined;
  return { writer, writes, lastEvaluations };
}

describe("JobProgressWriter: the dev evaluation history", () => {
  it("records each evaluation's step, dev loss and dev BLEU in order, and only reports that follow an evaluation", async () => {
    const { writer, lastEvaluations } = writerFor();
    for (let step = 1; step <= 30; step++) {
      const evaluated = step % 10 === 0;
      writer.report({ type: "progress", step, totalSteps: 30, loss: 5 - step / 10, ...(evaluated ? { devLoss: 6 - step / 10, devBleu: step / 3 } : {}) });
    }
    await writer.flush();
    const evaluations = lastEvaluations()!;
    expect(evaluations.map(({ step, devLoss, devBleu }) => ({ step, devLoss, devBleu }))).toEqual([
      { step: 10, devLoss: 5, devBleu: 10 / 3 },
      { step: 20, devLoss: 4, devBleu: 20 / 3 },
      { step: 30, devLoss: 3, devBleu: 10 },
    ]);
    for (const evaluation of evaluations) expect(Number.isNaN(Date.parse(evaluation.at))).toBe(false);
    // Nothing new: the next heartbeat leaves the column alone.
    const { writer: idle, writes } = writerFor(evaluations);
    await idle.flush();
    expect(writes.at(-1)?.evaluations).toBeUndefined();
  });

  it(`keeps at most ${MAX_EVALUATIONS}, thinned over the whole run with the first and the latest kept`, async () => {
    const { writer, lastEvaluations } = writerFor();
    for (let step = 1; step <= 1300; step++) writer.report({ type: "progress", step, totalSteps: 1300, loss: 1, devLoss: 1, devBleu: 1 });
    await writer.flush();
    const steps = lastEvaluations()!.map((evaluation) => evaluation.step);
    expect(steps.length).toBeLessThanOrEqual(MAX_EVALUATIONS);
    expect(steps.length).toBeGreaterThan(MAX_EVALUATIONS / 2);
    expect(steps[0]).toBe(1);
    expect(steps.at(-1)).toBe(1300);
    expect(steps.every((step, index) => index === 0 || step > steps[index - 1]!)).toBe(true);
  });

  it("replaces the evaluations of the steps a resumed attempt repeats", async () => {
    const earlier = [10, 20, 30].map((step) => ({ step, devLoss: 9, devBleu: 1, at: new Date(0).toISOString() }));
    const { writer, lastEvaluations } = writerFor(earlier);
    writer.report({ type: "progress", step: 21, totalSteps: 40, loss: 2 });
    writer.report({ type: "progress", step: 30, totalSteps: 40, loss: 2, devLoss: 2, devBleu: 5 });
    await writer.flush();
    expect(lastEvaluations()!.map(({ step, devLoss }) => [step, devLoss])).toEqual([[10, 9], [20, 9], [30, 2]]);
  });
});
