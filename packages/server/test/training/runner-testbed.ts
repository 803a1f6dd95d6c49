// A scratch database, data directory and TrainingRunner factory for runner tests; everything
// started is stopped and removed after the file's tests.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../../test/support/database.js";
import { createLogger } from "../../src/logging/logger.js";
import { TrainingRunner } from "../../src/modules/training/training-runner.js";

export interface RunnerTestbed {
  /** Filled in beforeAll. */
  db: TestDatabase;
  dataDir: string;
  startRunner(): Promise<TrainingRunner>;
}

export function useRunnerTestbed(options: { maxTestPairs: number }): RunnerTestbed {
  const runners: TrainingRunner[] = [];
  const testbed = {
    async startRunner() {
      const runner = new TrainingRunner({
        prisma: testbed.db.prisma,
        databaseUrl: testbed.db.url,
        dataDir: testbed.dataDir,
        logger: createLogger("silent"),
        concurrency: 1,
        pollIntervalMs: 200,
        heartbeatMs: 300,
        maxTestPairs: options.maxTestPairs,
        niceness: 0, // tests share the machine: no lower priority
      });
      runners.push(runner);
      await runner.start();
      return runner;
    },
  } as RunnerTestbed;

  beforeAll(async () => {
    testbed.db = await createTestDatabase();
    testbed.dataDir = await mkdtemp(path.join(os.tmpdir(), "parley-runner-"));
  });
  afterAll(async () => {
    for (const runner of runners) await runner.stop();
    await testbed.db?.drop();
    if (testbed.dataDir) await rm(testbed.dataDir, { recursive: true, force: true });
  });
  return testbed;
}
