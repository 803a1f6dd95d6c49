import net from "node:net";

/** The brokers the scale-out tests run against (CI provides both). */
export const NATS_URL = process.env.NATS_URL ?? "nats://127.0.0.1:4222";
export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** Fails with a message naming the broker when nothing listens at its URL, instead of a timeout later. */
export async function requireBroker(name: "NATS" | "Redis", url: string): Promise<void> {
  const { hostname, port } = new URL(url);
  await new Promise<void>((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port), timeout: 3_000 });
    const fail = (reason: string) => {
      socket.destroy();
      reject(new Error(`${name} is not reachable at ${url} (${reason}): the scale-out tests need a running ${name}; set ${name === "NATS" ? "NATS_URL" : "REDIS_URL"}`));
    };
    socket.once("connect", () => {
      socket.end();
      resolve();
    });
    socket.once("timeout", () => fail("timed out"));
    socket.once("error", (error) => fail(error.message));
  });
}
