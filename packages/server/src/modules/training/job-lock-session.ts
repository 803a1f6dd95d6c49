import { AdvisoryLockSession } from "../../db/advisory-lock-session.js";

export interface InterruptedJob {
  id: string;
  step: number;
  checkpointStep: number | null;
}

/**
 * The training runner's lock session (see AdvisoryLockSession): a RUNNING job whose lock is free has lost its
 * runner and is marked INTERRUPTED, to be resumed from its checkpoint.
 */
export class JobLockSession extends AdvisoryLockSession {
  constructor(databaseUrl: string, onLost: (error: Error) => void) {
    // Advisory-lock namespace of training jobs ("parl"); the id's hash is the key.
    super(databaseUrl, onLost, { namespace: 0x7061726c, name: "training" });
  }

  /**
   * Takes the oldest waiting job (queued or interrupted), locks it and marks it
   * RUNNING in one transaction; undefined when there is none.
   */
  async claimNext(): Promise<string | undefined> {
    const client = this.session();
    await client.query("BEGIN");
    try {
      const { rows } = await client.query<{ id: string }>(
        `SELECT id FROM "TrainingJob" WHERE status IN ('QUEUED', 'INTERRUPTED')
         ORDER BY "createdAt", id LIMIT 1 FOR UPDATE SKIP LOCKED`,
      );
      const id = rows[0]?.id;
      if (id === undefined || !(await this.tryLock(id))) {
        await client.query("ROLLBACK");
        return undefined;
      }
      await client.query(
        `UPDATE "TrainingJob" SET status = 'RUNNING', attempts = attempts + 1, "resumedFromStep" = "checkpointStep",
           "startedAt" = COALESCE("startedAt", now()), "heartbeatAt" = now(), error = NULL
         WHERE id = $1`,
        [id],
      );
      await client.query("COMMIT");
      return id;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    }
  }

  /**
   * Marks INTERRUPTED the RUNNING jobs whose runner is gone (their lock is
   * free), holding the lock while it does so that no runner can claim the job
   * in between. `skip` lists the jobs this session runs itself: its own locks
   * are re-entrant, so they would look free.
   */
  async interruptOrphans(skip: ReadonlySet<string>): Promise<InterruptedJob[]> {
    const client = this.session();
    const { rows } = await client.query<{ id: string }>(`SELECT id FROM "TrainingJob" WHERE status = 'RUNNING'`);
    const interrupted: InterruptedJob[] = [];
    for (const { id } of rows) {
      if (skip.has(id) || !(await this.tryLock(id))) continue;
      try {
        const result = await client.query<InterruptedJob>(
          `UPDATE "TrainingJob" SET status = 'INTERRUPTED', "etaSeconds" = NULL
           WHERE id = $1 AND status = 'RUNNING' RETURNING id, step, "checkpointStep"`,
          [id],
        );
        interrupted.push(...result.rows);
      } finally {
        await this.unlock(id);
      }
    }
    return interrupted;
  }
}
