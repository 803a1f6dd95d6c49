import { Redis } from "ioredis";
import type { Logger } from "../logging/logger.js";
import { StartupError } from "../startup-error.js";

/**
 * A Redis connection for the limiters. Commands fail at once while Redis is
 * away (no offline queue) and the client reconnects by itself; every `error`
 * has a listener (ioredis prints a stack for an unheard one) and each change of
 * state is logged once. Unreachable at start: a StartupError, one line.
 */
export async function connectToRedis(url: string, name: string, logger: Logger): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectionName: name });
  let up = false;
  let lastError: Error | undefined;
  redis.on("error", (error: Error) => {
    lastError = error;
    if (up) logger.warn({ redis: name, err: error.message }, "Redis connection lost");
    up = false;
  });
  redis.on("ready", () => {
    if (!up) logger.info({ redis: name }, "Redis connection ready");
    up = true;
  });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    // connect() rejects with "Connection is closed."; the socket's own error says why.
    throw new StartupError(`cannot connect to Redis at ${redactedUrl(url)}: ${(lastError ?? (error as Error)).message}`);
  }
  return redis;
}

function redactedUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString().replace(/\/$/, "");
}
