import { AdvisoryLockSession } from "../../db/advisory-lock-session.js";

/** A document this runner claimed: its id and the attempt number the claim gave it. */
export interface ClaimedDocument {
  id: string;
  attempt: number;
}

/** Candidates looked at per claim: queued documents, and translating ones whose runner may be gone. */
const CANDIDATES = 32;

/**
 * The document runner's own PostgreSQL session, which holds an advisory lock for every document it translates
 * (as training's JobLockSession does for jobs). PostgreSQL drops the locks when the session ends, also when the
 * process is killed, so a TRANSLATING document whose lock is free has lost its runner: the next claim takes it
 * over at once and the job goes on from its last committed chunk.
 */
export class DocumentLockSession extends AdvisoryLockSession {
  constructor(databaseUrl: string, onLost: (error: Error) => void) {
    // Advisory-lock namespace of document jobs ("pdoc"); the id's hash is the key.
    super(databaseUrl, onLost, { namespace: 0x70646f63, name: "document" });
  }

  /**
   * Takes the oldest document that is QUEUED, or TRANSLATING without a live runner (its lock free), locks it and
   * marks it TRANSLATING with one more attempt, in one transaction; undefined when there is none. `skip`: the
   * documents this session runs (its own locks are re-entrant, so they would look free).
   */
  async claimNext(skip: ReadonlySet<string>): Promise<ClaimedDocument | undefined> {
    const client = this.session();
    await client.query("BEGIN");
    let locked: string | undefined;
    try {
      const { rows } = await client.query<{ id: string }>(
        `SELECT id FROM "Document" WHERE status IN ('QUEUED', 'TRANSLATING')
         ORDER BY "createdAt", id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [CANDIDATES],
      );
      for (const { id } of rows) {
        if (skip.has(id) || !(await this.tryLock(id))) continue;
        locked = id;
        const claimed = await client.query<{ attempts: number }>(
          `UPDATE "Document" SET status = 'TRANSLATING', attempts = attempts + 1, "startedAt" = COALESCE("startedAt", now()),
             "heartbeatAt" = now(), "secondsRemaining" = NULL
           WHERE id = $1 AND status IN ('QUEUED', 'TRANSLATING') RETURNING attempts`,
          [id],
        );
        await client.query("COMMIT");
        return { id, attempt: claimed.rows[0]!.attempts };
      }
      await client.query("ROLLBACK");
      return undefined;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      if (locked) await this.unlock(locked).catch(() => undefined);
      throw error;
    }
  }
}
