import type { Database } from "../db/client.js";
import type { Logger } from "../logging/logger.js";

/**
 * Updates ApiKey.lastUsedAt at most once per interval per key, off the request
 * path, so a busy key does not write a row on every request.
 */
export class KeyUsageRecorder {
  private readonly lastWritten = new Map<string, number>();

  constructor(
    private readonly prisma: Database,
    private readonly logger: Logger,
    private readonly intervalMs = 60_000,
  ) {}

  record(apiKeyId: string, storedLastUsedAt: Date | null, now = Date.now()): void {
    const last = Math.max(this.lastWritten.get(apiKeyId) ?? 0, storedLastUsedAt?.getTime() ?? 0);
    if (now - last < this.intervalMs) return;
    this.lastWritten.set(apiKeyId, now);
    this.prisma.apiKey
      .update({ where: { id: apiKeyId }, data: { lastUsedAt: new Date(now) } })
      .catch((error: unknown) => this.logger.warn({ err: error, apiKeyId }, "could not record key use"));
  }
}
