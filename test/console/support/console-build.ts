import { execFile } from "node:child_process";
import { open, readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const CONSOLE_DIR = path.join(REPO_ROOT, "packages", "console");
const SOURCES = [path.join(CONSOLE_DIR, "src"), path.join(CONSOLE_DIR, "index.html"), path.join(CONSOLE_DIR, "graphql.html"), path.join(REPO_ROOT, "packages", "sdk", "src")];

async function newestMtime(entry: string): Promise<number> {
  const info = await stat(entry).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const children = await readdir(entry);
  const times = await Promise.all(children.map((child) => newestMtime(path.join(entry, child))));
  return Math.max(info.mtimeMs, ...times);
}

async function isFresh(): Promise<boolean> {
  const built = await stat(path.join(CONSOLE_DIR, "dist", "index.html")).then((info) => info.mtimeMs, () => 0);
  if (built === 0) return false;
  const sources = await Promise.all(SOURCES.map(newestMtime));
  return built >= Math.max(...sources);
}

/**
 * `pnpm install` builds the console; this rebuilds it when the sources changed since (one test file
 * builds, parallel ones wait), so the browser tests always see the current code.
 */
export async function ensureConsoleBuilt(): Promise<void> {
  const lock = path.join(CONSOLE_DIR, ".build.lock");
  for (;;) {
    if (await isFresh()) return;
    const handle = await open(lock, "wx").catch(() => undefined);
    if (!handle) {
      await sleep(250);
      continue;
    }
    await handle.close();
    try {
      if (!(await isFresh())) {
        await promisify(execFile)(path.join(REPO_ROOT, "node_modules", ".bin", "vite"), ["build", "--logLevel", "warn"], { cwd: CONSOLE_DIR });
      }
      return;
    } finally {
      await rm(lock, { force: true });
    }
  }
}
