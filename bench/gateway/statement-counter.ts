import { createRequire } from "node:module";
import path from "node:path";
import { repoRoot } from "@parley/server/testing";

// The gateway's pg: Prisma's driver adapter and the hot-path pools both send every SQL statement through
// pg.Client.prototype.query, so wrapping it counts all of them (in this process).
const pg = createRequire(path.join(repoRoot, "packages", "server", "package.json"))("pg") as {
  Client: { prototype: { query: (...args: unknown[]) => unknown } };
};

/** Runs `work` and returns its result with the SQL statements this process sent meanwhile (their text). */
export async function recordStatements<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const original = pg.Client.prototype.query;
  const statements: string[] = [];
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string } | undefined;
    statements.push(typeof first === "string" ? first : (first?.text ?? "?"));
    return original.apply(this, args);
  };
  try {
    return { result: await work(), statements };
  } finally {
    pg.Client.prototype.query = original;
  }
}
