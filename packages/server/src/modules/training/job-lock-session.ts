import pg from "pg";

export interface InterruptedJob {
  id: string;
  step: number;
  checkpointStep: number | null;
}

/** Advisory-lock namespace of training jobs ("parl"); the job id's hash is the key. */
const LOCK_NAMESPACE = 0x7061726c;

/**
 * One PostgreSQL session per runner that holds an advisory lock for every job
 * the runner is running. PostgreSQL releases the locks when the session ends,
 * also when the process is killed, so "RUNNING and unlocked" means the runner
 * died: any runner can then tell, at once and for sure, that the job was
 * interrupted. Claims use `FOR UPDATE SKIP LOCKED`, so runners never wait on
 * each other nor take the same job.
 */
export class JobLockSession {
  private client: pg.Client | undefined;
  private broken = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly onLost: (error: Error) => void,
  ) {}

  async open(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: "parley-training-runner" });
    client.on("error", (error) => this.lose(error));
    client.on("end", () => this.lose(new Error("training lock session ended")));
    await client.connect();
    this.client = client;
    this.broken = false;
  }

  get isOpen(): boolean {
    return this.client !== undefined && !this.broken;
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

  async unlock(jobId: string): Promise<void> {
    if (!this.isOpen) return;
    await this.session().query("SELECT pg_advisory_unlock($1, hashtext($2))", [LOCK_NAMESPACE, jobId]);
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.end().catch(() => undefined);
  }

  private async tryLock(jobId: string): Promise<boolean> {
    const { rows } = await this.session().query<{ locked: boolean }>(
      "SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked",
      [LOCK_NAMESPACE, jobId],
    );
    return rows[0]?.locked === true;
  }

  private session(): pg.Client {
    if (!this.client || this.broken) throw new Error("training lock session is not open");
    return this.client;
  }

  private lose(error: Error): void {
    if (this.broken || !this.client) return;
    this.broken = true;
    this.onLost(error);
  }
}
