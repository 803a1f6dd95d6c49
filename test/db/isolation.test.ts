import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

describe("test databases", () => {
  let first: TestDatabase;
  let second: TestDatabase;
  beforeAll(async () => {
    [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([first.drop(), second.drop()]);
  });

  it("are migrated and isolated from each other", async () => {
    await first.prisma.tenant.create({ data: { name: "only-in-first" } });
    expect(await first.prisma.tenant.count()).toBe(1);
    expect(await second.prisma.tenant.count()).toBe(0);
  });

  it("enforce unique public model names with the migration's partial index", async () => {
    const data = { name: "eng-fra", sourceLanguage: "en", targetLanguage: "fr" };
    await first.prisma.model.create({ data });
    await expect(first.prisma.model.create({ data })).rejects.toThrow(/Unique constraint/);
  });
});
