/** Polls `check` until it returns a value, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 60_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Fails fast, with the job's error, when a job being waited on has failed. */
export function unlessFailed<T extends { status: string; error: string | null }>(row: T): T {
  if (row.status === "FAILED") throw new Error(`training job failed: ${row.error}`);
  return row;
}
