import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphqlData, inSequence, startScriptedServer, type ScriptedServer } from "./support/scripted-server.js";

const run = promisify(execFile);
const sdkRoot = path.resolve(import.meta.dirname, "..");
const dist = path.join(sdkRoot, "dist");

let consumer: string;
let server: ScriptedServer;

/** Runs a script in a plain `node` (no tsx, no vitest) in a project that installed the packed SDK. */
async function node(args: string[], env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await run(process.execPath, args, { cwd: consumer, env: { ...process.env, ...env } });
  return stdout.trim();
}

/** Builds, packs (publishConfig applies) and unpacks into a consumer's node_modules, as npm would. */
beforeAll(async () => {
  await run("pnpm", ["--filter", "@parley/sdk", "build"], { cwd: sdkRoot });
  consumer = await mkdtemp(path.join(os.tmpdir(), "parley-sdk-consumer-"));
  await run("pnpm", ["pack", "--pack-destination", consumer], { cwd: sdkRoot });
  const tarball = (await readdir(consumer)).find((name) => name.endsWith(".tgz"));
  if (!tarball) throw new Error("pnpm pack produced no tarball");
  const installed = path.join(consumer, "node_modules", "@parley", "sdk");
  await mkdir(installed, { recursive: true });
  await run("tar", ["-xzf", path.join(consumer, tarball), "-C", installed, "--strip-components=1"]);
  server = await startScriptedServer(inSequence(graphqlData({ viewer: { scopes: ["READ", "TRANSLATE"] } })));
}, 120_000);
afterAll(async () => {
  await server?.close();
  if (consumer) await rm(consumer, { recursive: true, force: true });
});

describe("built package", () => {
  it("packs only dist/, README and a manifest whose exports point at dist/", async () => {
    const installed = path.join(consumer, "node_modules", "@parley", "sdk");
    expect((await readdir(installed)).sort()).toEqual(["README.md", "dist", "package.json"]);
    const built = (await readdir(path.join(installed, "dist"))).sort();
    expect(built.filter((file) => !file.endsWith(".map"))).toEqual(["index.cjs", "index.d.cts", "index.d.ts", "index.js"]);
    const manifest = JSON.parse(await readFile(path.join(installed, "package.json"), "utf8")) as { exports: unknown; main: string };
    expect(manifest.main).toBe("./dist/index.cjs");
    expect(JSON.stringify(manifest.exports)).not.toMatch(/src\//);
  });

  it("loads with import() and require(), by path and by package name", async () => {
    const esm = await node(["--input-type=module", "-e", `const m = await import("@parley/sdk"); console.log(typeof m.Parley, typeof m.RateLimitError)`]);
    expect(esm).toBe("function function");
    const cjs = await node(["-e", `const m = require("@parley/sdk"); console.log(typeof m.Parley, typeof m.QuotaExceededError)`]);
    expect(cjs).toBe("function function");
    const byPath = await node(["-e", `console.log(Object.keys(require(${JSON.stringify(path.join(dist, "index.cjs"))})).length)`]);
    expect(Number(byPath)).toBeGreaterThan(15);
  });

  it("makes real requests from plain Node, in both formats", async () => {
    const script = (load: string) =>
      `${load}; new Parley().viewer().withResponse().then(({ data, response }) => console.log(response.status, data.scopes.join(",")))`;
    const env = { PARLEY_API_KEY: "pk_built", PARLEY_BASE_URL: server.url };
    expect(await node(["--input-type=module", "-e", script(`import { Parley } from "@parley/sdk"`)], env)).toBe("200 READ,TRANSLATE");
    expect(await node(["-e", script(`const { Parley } = require("@parley/sdk")`)], env)).toBe("200 READ,TRANSLATE");
    expect(server.requests.map((request) => request.headers.authorization)).toEqual(["Bearer pk_built", "Bearer pk_built"]);
  });

  it("imports nothing at runtime (no graphql, no server code, no node: built-ins)", async () => {
    for (const file of ["index.js", "index.cjs"]) {
      const code = await readFile(path.join(dist, file), "utf8");
      expect(code).not.toMatch(/^\s*import\s|\bimport\(|\brequire\(/m);
      expect(code).not.toMatch(/node:/);
    }
    const types = await readFile(path.join(dist, "index.d.ts"), "utf8");
    expect(types).not.toMatch(/from ["'](?!\.)/);
    expect(types).toMatch(/declare class Parley/);
    await expect(readFile(path.join(dist, "index.d.cts"), "utf8")).resolves.toMatch(/declare class Parley/);
  });

  it("declares only dev dependencies", async () => {
    const manifest = JSON.parse(await readFile(path.join(sdkRoot, "package.json"), "utf8")) as Record<string, unknown>;
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.peerDependencies).toBeUndefined();
  });
});
