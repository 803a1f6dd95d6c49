import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JobLockSession } from "../../src/modules/training/job-lock-session.js";
import { createTestDatabase, type TestDatabase } from "../../../../test/support/database.js";

// Liveness of running jobs through PostgreSQL advisory locks: a job is taken
// by one runner only, and a runner's death shows at once to the others.
describe("JobLockSession", () => {
  let db: TestDatabase;
  let tenantId: string;
  let modelId: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    tenantId = (await db.prisma.tenant.create({ data: { name: "t" } })).id;
    modelId = (await db.prisma.model.create({ data: { name: "m", sourceLanguage: "en", targetLanguage: "fr", ownerTenantId: tenantId } })).id;
  });
  afterAll(async () => {
    await db?.drop();
  });

  const queue = () =>
    db.prisma.trainingJob.create({ data: { tenantId, modelId, architecture: "transformer", preset: "tiny", maxMinutes: 1 } });
  const open = async () => {
    const session = new JobLockSession(db.url, () => undefined);
    await session.open();
    return session;
  };

  it("gives each queued job to one runner, oldest first", async () => {
    const [first, second] = [await queue(), await queue()];
    const [a, b] = [await open(), await open()];
    const claims = await Promise.all([a.claimNext(), b.claimNext()]);
    expect(new Set(claims)).toEqual(new Set([first.id, second.id]));
    expect(await a.claimNext()).toBeUndefined();
    const rows = await db.prisma.trainingJob.findMany({ where: { id: { in: [first.id, second.id] } } });
    expect(rows.every((row) => row.status === "RUNNING" && row.attempts === 1 && row.startedAt && row.heartbeatAt)).toBe(true);
    await Promise.all([a.close(), b.close()]);
    await db.prisma.trainingJob.updateMany({ where: { id: { in: [first.id, second.id] } }, data: { status: "SUCCEEDED" } });
  });

  it("leaves a live runner's job alone and interrupts a dead runner's job at once", async () => {
    const job = await queue();
    const [runner, observer] = [await open(), await open()];
    expect(await runner.claimNext()).toBe(job.id);
    await db.prisma.trainingJob.update({ where: { id: job.id }, data: { step: 40, checkpointStep: 30, checkpointPath: "/ckpt/30" } });

    expect(await observer.interruptOrphans(new Set())).toEqual([]);
    expect(await runner.interruptOrphans(new Set([job.id]))).toEqual([]);
    expect((await db.prisma.trainingJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("RUNNING");

    await runner.close(); // as when its process dies: PostgreSQL drops the session's locks
    expect(await observer.interruptOrphans(new Set())).toEqual([{ id: job.id, step: 40, checkpointStep: 30 }]);
    expect((await db.prisma.trainingJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("INTERRUPTED");

    // Taken again, it says where it resumes from.
    expect(await observer.claimNext()).toBe(job.id);
    const resumed = await db.prisma.trainingJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(resumed).toMatchObject({ status: "RUNNING", attempts: 2, resumedFromStep: 30 });
    await observer.close();
  });
});
