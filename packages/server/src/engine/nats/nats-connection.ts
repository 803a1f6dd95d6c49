import { connect, type NatsConnection } from "@nats-io/transport-node";
import type { Logger } from "../../logging/logger.js";
import { StartupError } from "../../startup-error.js";

/**
 * A connection that outlives broker restarts: it reconnects for ever (the
 * client's default gives up after ten tries), and logs each change of state.
 */
export async function connectToNats(url: string, name: string, logger: Logger): Promise<NatsConnection> {
  const servers = url.split(",");
  const connection = await connect({ servers, name, maxReconnectAttempts: -1, reconnectTimeWait: 1_000 }).catch(
    (error: Error) => {
      throw new StartupError(`cannot connect to NATS at ${url}: ${error.message}`);
    },
  );
  void logStatus(connection, logger);
  return connection;
}

async function logStatus(connection: NatsConnection, logger: Logger): Promise<void> {
  for await (const status of connection.status()) {
    if (status.type === "disconnect") logger.warn({ nats: status.type }, "NATS connection lost");
    else if (status.type === "reconnect") logger.info({ nats: status.type }, "NATS connection restored");
  }
}
