import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Packages meet at their declared entry points (package.json `exports`), never at each other's src/ files
// (issue 12, item 15): a test or benchmark that reaches into src/ pins internals the package cannot move.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PACKAGES_DIR = path.join(ROOT, "packages");
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs)$/;
const SKIPPED_DIRS = new Set(["node_modules", "dist", "generated", "results", "screenshots"]);

interface Workspace { name: string; dir: string; manifest: { main?: string; exports?: unknown } }

function workspaces(): Workspace[] {
  const dirs = [...readdirSync(PACKAGES_DIR).map((name) => path.join(PACKAGES_DIR, name)), path.join(ROOT, "test"), path.join(ROOT, "bench")];
  return dirs
    .filter((dir) => existsSync(path.join(dir, "package.json")))
    .map((dir) => {
      const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as Workspace["manifest"] & { name: string };
      return { name: manifest.name, dir, manifest };
    });
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : sourceFiles(full);
    return SOURCE.test(entry.name) ? [full] : [];
  });
}

/** Every module specifier a file imports or re-exports, statically or with import(). */
function specifiers(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const patterns = [/\b(?:import|export)\s[^;]*?\sfrom\s*["']([^"']+)["']/g, /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g, /^\s*import\s*["']([^"']+)["']/gm];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1]!));
}

/** The export targets a manifest declares: `main` and every string in `exports`, at any depth. */
function entryTargets(manifest: Workspace["manifest"]): string[] {
  const targets = (value: unknown): string[] =>
    typeof value === "string" ? [value] : value && typeof value === "object" ? Object.values(value).flatMap(targets) : [];
  return [...(manifest.main ? [manifest.main] : []), ...targets(manifest.exports)];
}

/** The subpaths (".", "./data", ...) a package's `exports` declares; only "." when it declares none. */
function exportedSubpaths(manifest: Workspace["manifest"]): string[] {
  const exports = manifest.exports;
  if (exports && typeof exports === "object" && Object.keys(exports).every((key) => key.startsWith("."))) return Object.keys(exports);
  return ["."];
}

/** Why `specifier`, imported by `file` of workspace `owner`, crosses into another package's internals; undefined when it does not. */
function crossing(specifier: string, file: string, owner: Workspace, all: Workspace[]): string | undefined {
  if (specifier.startsWith(".")) {
    const target = path.resolve(path.dirname(file), specifier);
    const reached = all.find((ws) => ws !== owner && target.startsWith(path.join(ws.dir, "src") + path.sep));
    return reached ? `${specifier} reaches into ${reached.name}'s src/` : undefined;
  }
  const reached = all.find((ws) => specifier === ws.name || specifier.startsWith(`${ws.name}/`));
  if (!reached || reached === owner) return undefined;
  const subpath = `.${specifier.slice(reached.name.length)}`;
  return exportedSubpaths(reached.manifest).includes(subpath) ? undefined : `${specifier} is not an export of ${reached.name}`;
}

describe("package boundaries", () => {
  const all = workspaces();

  it("finds the workspaces", () => {
    expect(all.map((ws) => ws.name)).toEqual(expect.arrayContaining(["@parley/server", "@parley/engine", "@parley/integration-tests", "@parley/bench"]));
  });

  it("every import between packages goes through a declared entry point, never another package's src/", () => {
    const offences = all.flatMap((owner) =>
      sourceFiles(owner.dir).flatMap((file) =>
        specifiers(file).flatMap((specifier) => {
          const why = crossing(specifier, file, owner, all);
          return why ? [`${path.relative(ROOT, file)}: ${why}`] : [];
        }),
      ),
    );
    expect(offences).toEqual([]);
  });

  it("tests and benchmarks name no other package's src/ path (to spawn or read)", () => {
    const owners = all.filter((ws) => ws.name === "@parley/integration-tests" || ws.name === "@parley/bench");
    const offences = owners.flatMap((owner) =>
      sourceFiles(owner.dir).filter((file) => /packages\/[a-z-]+\/src\//.test(readFileSync(file, "utf8"))).map((file) => path.relative(ROOT, file)),
    );
    expect(offences).toEqual([]);
  });

  it("every workspace's main and exports point at files that exist", () => {
    const missing = all.flatMap((ws) =>
      entryTargets(ws.manifest)
        .filter((target) => !existsSync(path.join(ws.dir, target)))
        .map((target) => `${ws.name}: ${target}`),
    );
    expect(missing).toEqual([]);
  });

  it("@parley/server declares a public entry and a testing entry", () => {
    const server = all.find((ws) => ws.name === "@parley/server")!;
    expect(exportedSubpaths(server.manifest)).toEqual(expect.arrayContaining([".", "./testing"]));
  });
});
