import pg from "pg";

/**
 * A plain pg pool for the translate hot path (auth, model resolution, quota
 * reservation, settlement) and the rate limiter. Measured on this machine, a
 * Prisma 6 query through the JS engine costs 2-7 ms of client CPU where the same
 * SQL through pg costs 0.1-0.4 ms; every other query goes through Prisma.
 */
export type SqlPool = pg.Pool;

export function createSqlPool(databaseUrl: string, max = 10): SqlPool {
  return new pg.Pool({ connectionString: databaseUrl, max, idleTimeoutMillis: 10_000, allowExitOnIdle: true });
}
