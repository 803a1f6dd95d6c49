import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StartupError } from "@parley/server";
import { errorCode, graphql, startTestGateway, type TestGateway } from "../support/gateway.js";

const TRANSLATE = `mutation { translate(input: { model: "tiny-en-fr", texts: ["hello world"] }) { replayed } }`;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A redis-server of this test's own (other tests keep the shared one on 6379). */
async function startRedis(port: number, dir: string): Promise<void> {
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--daemonize", "yes"], {
    stdio: "ignore",
  });
  await new Promise((resolve) => child.once("exit", resolve));
  for (let attempt = 0; attempt < 50; attempt += 1) {
    if (await answers(port)) return;
    await sleep(100);
  }
  throw new Error(`redis-server did not start on ${port}`);
}

async function stopRedis(port: number): Promise<void> {
  const child = spawn("redis-cli", ["-p", String(port), "shutdown", "nosave"], { stdio: "ignore" });
  await new Promise((resolve) => child.once("exit", resolve));
  for (let attempt = 0; attempt < 50 && (await answers(port)); attempt += 1) await sleep(100);
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.end();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("Redis stopped and started under a gateway (REDIS_URL)", () => {
  let port: number;
  let dir: string;
  let gateway: TestGateway;

  beforeAll(async () => {
    port = await freePort();
    dir = await mkdtemp(path.join(os.tmpdir(), "parley-redis-"));
    await startRedis(port, dir);
    gateway = await startTestGateway({ configOverrides: { REDIS_URL: `redis://127.0.0.1:${port}` } });
    await gateway.publishTinyModel();
  });

  afterAll(async () => {
    await gateway?.stop();
    await stopRedis(port);
    await rm(dir, { recursive: true, force: true });
  });

  it("translate fails closed with 503 SERVICE_UNAVAILABLE and Retry-After, other operations fail open, /readyz says so; all recovers", async () => {
    const { tenantId, key } = await gateway.createTenantWithKey({ requestsPerMinute: 100 });
    expect((await graphql(gateway.graphqlUrl, TRANSLATE, {}, key)).errors).toBeUndefined();
    expect((await fetch(`${gateway.url}/readyz`)).status).toBe(200);

    await stopRedis(port);
    const refused = await graphql(gateway.graphqlUrl, TRANSLATE, {}, key);
    expect({ status: refused.status, code: errorCode(refused) }).toEqual({ status: 503, code: "SERVICE_UNAVAILABLE" });
    expect(refused.headers.get("retry-after")).toBe("5");
    expect(refused.errors![0]!.extensions!.retryAfter).toBe(5);
    const viewer = await graphql(gateway.graphqlUrl, `{ viewer { scopes } }`, {}, key);
    expect(viewer.status).toBe(200);
    expect(viewer.errors).toBeUndefined();
    const ready = await fetch(`${gateway.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: "unavailable", reason: "redis unreachable" });
    // Nothing billed for the refused translation.
    expect(await gateway.db.prisma.usageRecord.count({ where: { tenantId } })).toBe(1);

    await startRedis(port, dir);
    let recovered = await graphql(gateway.graphqlUrl, TRANSLATE, {}, key);
    for (let attempt = 0; attempt < 50 && recovered.errors; attempt += 1) {
      await sleep(200);
      recovered = await graphql(gateway.graphqlUrl, TRANSLATE, {}, key);
    }
    expect(recovered.errors).toBeUndefined();
    expect((await fetch(`${gateway.url}/readyz`)).status).toBe(200);
    // A translation is settled once its answer was delivered: right after the response it may still be RESERVED.
    await expect.poll(async () => (await gateway.db.prisma.usageRecord.findMany({ where: { tenantId } })).map((row) => row.status), { timeout: 10_000 })
      .toEqual(["SUCCEEDED", "SUCCEEDED"]);
  });

  it("Redis unreachable at start is one StartupError line naming it", async () => {
    const closed = await freePort();
    const failure = await startTestGateway({ configOverrides: { REDIS_URL: `redis://127.0.0.1:${closed}` } }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(StartupError);
    expect((failure as Error).message).toMatch(new RegExp(`^cannot connect to Redis at redis://127\\.0\\.0\\.1:${closed}: .*ECONNREFUSED`));
    expect((failure as Error).message).not.toContain("\n");
  });
});
