import { inject } from "vitest";
import { createScratchDatabase, type ScratchDatabase } from "@parley/server/testing";

export type TestDatabase = ScratchDatabase;

/** A fresh, migrated database of this test file's own, cloned from the template. */
export function createTestDatabase(): Promise<TestDatabase> {
  return createScratchDatabase(inject("pgServerUrl"), { prefix: "parley_test", template: inject("pgTemplate") });
}
