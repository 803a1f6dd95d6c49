import pg from "pg";

/**
 * A PostgreSQL session of its own that holds an advisory lock, in one namespace, for every item (a training job, a
 * document) its runner is working on. PostgreSQL releases the locks when the session ends, also when the process is
 * killed, so "in progress and unlocked" means the runner died: any runner can tell at once, and for sure, that the
 * item was interrupted. Subclasses claim items with `FOR UPDATE SKIP LOCKED`, so runners never wait on each other
 * nor take the same item. `onLost` hears once when the session breaks; the runner then stops claiming.
 */
export class AdvisoryLockSession {
  private client: pg.Client | undefined;
  private broken = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly onLost: (error: Error) => void,
    private readonly lock: { namespace: number; name: string },
  ) {}

  async open(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: `parley-${this.lock.name}-runner` });
    client.on("error", (error) => this.lose(error));
    client.on("end", () => this.lose(new Error(`${this.lock.name} lock session ended`)));
    await client.connect();
    this.client = client;
    this.broken = false;
  }

  get isOpen(): boolean {
    return this.client !== undefined && !this.broken;
  }

  async unlock(id: string): Promise<void> {
    if (!this.isOpen) return;
    await this.session().query("SELECT pg_advisory_unlock($1, hashtext($2))", [this.lock.namespace, id]);
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.end().catch(() => undefined);
  }

  /** Takes the lock of `id` unless another session holds it (this session's own locks are re-entrant). */
  protected async tryLock(id: string): Promise<boolean> {
    const { rows } = await this.session().query<{ locked: boolean }>(
      "SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked",
      [this.lock.namespace, id],
    );
    return rows[0]?.locked === true;
  }

  protected session(): pg.Client {
    if (!this.client || this.broken) throw new Error(`${this.lock.name} lock session is not open`);
    return this.client;
  }

  private lose(error: Error): void {
    if (this.broken || !this.client) return;
    this.broken = true;
    this.onLost(error);
  }
}
