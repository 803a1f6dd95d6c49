import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface LossyProxy {
  url: string;
  /** Requests forwarded to the target so far. */
  forwarded: number;
  close(): Promise<void>;
}

/**
 * A proxy in front of `target` that forwards every request, but for the first `lose` of them drops the
 * connection instead of passing the answer on: the request ran, the client never learns it did.
 */
export async function startLossyProxy(target: string, lose = 1): Promise<LossyProxy> {
  const state = { forwarded: 0 };
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", async () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(incoming.headers)) {
        if (typeof value === "string" && !["host", "connection", "content-length"].includes(name)) headers.set(name, value);
      }
      const body = Buffer.concat(chunks);
      const response = await fetch(`${target}${incoming.url}`, { method: incoming.method, headers, body: body.length ? body : undefined });
      const text = await response.text();
      state.forwarded++;
      if (state.forwarded <= lose) {
        incoming.socket.destroy();
        return;
      }
      const relayed: Record<string, string> = {};
      for (const name of ["content-type", "idempotent-replayed", "x-request-id", "retry-after", "x-should-retry"]) {
        const value = response.headers.get(name);
        if (value !== null) relayed[name] = value;
      }
      outgoing.writeHead(response.status, relayed).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get forwarded() {
      return state.forwarded;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
