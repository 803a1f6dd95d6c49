import { spawnSync } from "node:child_process";
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const SCRIPT = fileURLToPath(new URL("../../native/ensure-openblas.mjs", import.meta.url));

/**
 * Runs ensureBuildPrerequisites in a child whose PATH holds only `bin`: fake apt-get and c++ there
 * stand in for a machine without OpenBLAS, so the install flow runs for real without touching apt.
 */
function runEnsure(bin: string, env: Record<string, string> = {}): { result: string | null; log: string[] } {
  const code = `import { ensureBuildPrerequisites } from ${JSON.stringify(SCRIPT)};
const log = []; const result = ensureBuildPrerequisites((line) => log.push(line));
process.stdout.write(JSON.stringify({ result: result ?? null, log }));`;
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", code], { env: { PATH: bin, ...env }, encoding: "utf8" });
  expect(child.status, child.stderr).toBe(0);
  return JSON.parse(child.stdout) as { result: string | null; log: string[] };
}

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function fakeMachine(): Promise<{ bin: string; state: string }> {
  dir = await mkdtemp(path.join(os.tmpdir(), "parley-openblas-"));
  const bin = path.join(dir, "bin");
  const state = path.join(dir, "state");
  await Promise.all([mkdir(bin), mkdir(state)]);
  for (const tool of ["sh", "make", "python3", "cat"]) {
    const real = spawnSync("sh", ["-c", `command -v ${tool}`], { encoding: "utf8" }).stdout.trim();
    await symlink(real, path.join(bin, tool));
  }
  const script = async (name: string, body: string) => {
    await writeFile(path.join(bin, name), `#!${path.join(bin, "sh")}\n${body}\n`);
    await chmod(path.join(bin, name), 0o755);
  };
  // c++ links -lopenblas only once libopenblas-dev is "installed".
  await script("c++", `cat >/dev/null; test -e ${state}/installed`);
  // apt-get: the first install fails (stale package lists), update fixes it.
  await script(
    "apt-get",
    `echo "$*" >> ${state}/calls
case "$1" in
  update) : > ${state}/updated ;;
  install) test -e ${state}/updated || exit 100; : > ${state}/installed ;;
esac`,
  );
  return { bin, state };
}

describe("the addon's build prerequisites", () => {
  it("are present on this machine (OpenBLAS links)", () => {
    const real = runEnsure(process.env.PATH ?? "/usr/bin:/bin");
    expect(real).toEqual({ result: null, log: [] });
  });

  it("are installed with apt-get when missing, with apt-get update and a retry when the first install fails", async () => {
    const { bin, state } = await fakeMachine();
    const { result, log } = runEnsure(bin);
    if (os.userInfo().uid !== 0) {
      expect(result).toMatch(/^missing libopenblas-dev and no root or passwordless sudo .*run: sudo apt-get install -y libopenblas-dev/);
      return;
    }
    expect(result).toBeNull();
    expect((await readFile(path.join(state, "calls"), "utf8")).trim().split("\n")).toEqual([
      "install -y --no-install-recommends libopenblas-dev",
      "update",
      "install -y --no-install-recommends libopenblas-dev",
    ]);
    expect(log).toHaveLength(3);
  });

  it("gives one line with the fix when it must not install (PARLEY_NATIVE_APT=0)", async () => {
    const { bin } = await fakeMachine();
    const { result } = runEnsure(bin, { PARLEY_NATIVE_APT: "0" });
    expect(result).toBe(
      "missing libopenblas-dev (PARLEY_NATIVE_APT=0: not installing); run: sudo apt-get install -y libopenblas-dev && pnpm --filter @parley/engine build:native",
    );
  });
});
