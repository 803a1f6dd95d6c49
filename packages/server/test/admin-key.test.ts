import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/support/database.js";
import { generateApiKey, hashApiKey, keyPrefix } from "../src/auth/api-key-format.js";
import { ensureAdminKey } from "../src/auth/admin-key.js";
import { authenticate } from "../src/auth/authenticate.js";
import { createSqlPool, type SqlPool } from "../src/db/sql-pool.js";
import { createLogger } from "../src/logging/logger.js";

describe("admin key on first start", () => {
  let db: TestDatabase;
  let sql: SqlPool;
  const logger = createLogger("silent");
  beforeAll(async () => {
    db = await createTestDatabase();
    sql = createSqlPool(db.url, 2);
  });
  afterAll(async () => {
    await sql.end();
    await db.drop();
  });

  it("creates the admin tenant and one ADMIN key on an empty database, and nothing on the next start", async () => {
    const first = await ensureAdminKey(db.prisma, logger);
    expect(first.createdKey).toMatch(/^pk_/);
    const caller = await authenticate(sql, first.createdKey!);
    expect(caller.isAdmin).toBe(true);
    expect(caller.tenant.name).toBe("admin");
    // The next start says where to turn if the printed key is lost.
    const said: { fields: unknown; message: string }[] = [];
    const listening = { ...logger, info: (fields: unknown, message: string) => said.push({ fields, message }) } as unknown as typeof logger;
    const again = await ensureAdminKey(db.prisma, listening);
    expect(said).toEqual([{ fields: { prefixes: [keyPrefix(first.createdKey!)] }, message: expect.stringContaining("PARLEY_ADMIN_KEY") }]);
    expect(again.createdKey).toBeUndefined();
    expect(again.tenantId).toBe(first.tenantId);
    expect(await db.prisma.apiKey.count()).toBe(1);
  });

  it("registers PARLEY_ADMIN_KEY when its hash is not stored, once", async () => {
    const fixed = generateApiKey();
    await ensureAdminKey(db.prisma, logger, fixed);
    await ensureAdminKey(db.prisma, logger, fixed);
    expect(await db.prisma.apiKey.count({ where: { hash: hashApiKey(fixed) } })).toBe(1);
    expect((await authenticate(sql, fixed)).scopes.has("ADMIN")).toBe(true);
    await expect(authenticate(sql, generateApiKey())).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });
});
