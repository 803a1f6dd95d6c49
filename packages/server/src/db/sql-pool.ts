import pg from "pg";

/**
 * Plain pg pools for the translate hot path (auth, model resolution, quota
 * reservation, settlement) and the rate limiter. Measured here, a Prisma 6
 * query through its JS engine costs 2-7 ms of client time where the same SQL
 * through pg costs 0.1-0.4 ms; every other query goes through Prisma.
 *
 * Two pools, because a commit that waits for its WAL flush holds its row lock
 * meanwhile: on the hot rows (a key's rate-limit row, a tenant's monthly
 * counter) that capped throughput at ~440 commits/s. `relaxed` commits without
 * waiting (synchronous_commit=off): rate-limit counters are disposable, and a
 * reservation is made durable by the settlement or release that always follows
 * it on `durable` (flushing the WAL up to a later commit flushes every earlier
 * one); a reservation lost in a crash before that bills nothing.
 */
export type SqlPool = pg.Pool;

export interface SqlPools {
  durable: SqlPool;
  relaxed: SqlPool;
  end(): Promise<void>;
}

/** `onError`: a pooled connection that dies while idle (database restart) is reported, not thrown. */
export function createSqlPool(
  databaseUrl: string,
  max = 10,
  relaxedCommit = false,
  onError: (error: Error) => void = () => undefined,
): SqlPool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max,
    idleTimeoutMillis: 10_000,
    allowExitOnIdle: true,
    ...(relaxedCommit ? { options: "-c synchronous_commit=off" } : {}),
  });
  pool.on("error", onError);
  return pool;
}

export function createSqlPools(databaseUrl: string, onError?: (error: Error) => void): SqlPools {
  const durable = createSqlPool(databaseUrl, 8, false, onError);
  const relaxed = createSqlPool(databaseUrl, 8, true, onError);
  return {
    durable,
    relaxed,
    async end() {
      await Promise.all([durable.end(), relaxed.end()]);
    },
  };
}
