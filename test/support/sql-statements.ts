import { createRequire } from "node:module";
import path from "node:path";
import { repoRoot } from "@parley/server/testing";

// The gateway's pg (Prisma's driver adapter and the hot-path pools both use it): every SQL statement
// of this process goes through pg.Client.prototype.query.
const pg = createRequire(path.join(repoRoot, "packages", "server", "package.json"))("pg") as {
  Client: { prototype: { query: (...args: unknown[]) => unknown } };
};

/** Runs `work` and returns the text of every SQL statement this process sent meanwhile, in order. */
export async function recordStatements(work: () => Promise<unknown>): Promise<string[]> {
  const original = pg.Client.prototype.query;
  const statements: string[] = [];
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string } | undefined;
    statements.push((typeof first === "string" ? first : (first?.text ?? "")).replace(/\s+/g, " ").trim());
    return original.apply(this, args);
  };
  try {
    await work();
  } finally {
    pg.Client.prototype.query = original;
  }
  return statements;
}
