// Makes sure the addon's build prerequisites are there before node-gyp runs: a C++ compiler, make,
// python3 and OpenBLAS (cblas.h + libopenblas). On Debian/Ubuntu, when something is missing and this
// process is root or has passwordless sudo, installs it with apt-get (apt-get update and a retry if the
// first install fails). Otherwise prints one line with the command to run.
import { spawnSync } from "node:child_process";
import { userInfo } from "node:os";

const CBLAS_PROBE = '#include <cblas.h>\nint main() { float a = 1, b = 1, c = 0; cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 1, 1, 1, 1, &a, 1, &b, 1, 0, &c, 1); return c == 1 ? 0 : 1; }\n';

const has = (command) => spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;

/** Whether a C++ program using cblas_sgemm compiles and links against -lopenblas. */
export function openblasLinks() {
  if (!has("c++")) return false;
  const result = spawnSync("c++", ["-x", "c++", "-", "-lopenblas", "-o", "/dev/null"], { input: CBLAS_PROBE, stdio: ["pipe", "ignore", "ignore"] });
  return result.status === 0;
}

/** Debian packages missing for the build: compiler, make, python3 (node-gyp) and OpenBLAS. */
export function missingPackages() {
  const missing = [];
  if (!has("c++")) missing.push("g++");
  if (!has("make")) missing.push("make");
  if (!has("python3")) missing.push("python3");
  if (!openblasLinks()) missing.push("libopenblas-dev");
  return missing;
}

function privilege() {
  if (userInfo().uid === 0) return [];
  if (has("sudo") && spawnSync("sudo", ["-n", "true"], { stdio: "ignore" }).status === 0) return ["sudo", "-n"];
  return undefined;
}

function aptGet(prefix, args, log) {
  const [command, ...rest] = [...prefix, "apt-get", ...args];
  log(`running: ${[command, ...rest].join(" ")}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  return spawnSync(command, rest, { stdio: ["ignore", "ignore", "inherit"], env }).status === 0;
}

/**
 * Installs what is missing when it can. Returns undefined when everything is there (now), else the
 * one-line fix to print.
 */
export function ensureBuildPrerequisites(log) {
  const missing = missingPackages();
  if (missing.length === 0) return undefined;
  const manual = `sudo apt-get install -y ${missing.join(" ")} && pnpm --filter @parley/engine build:native`;
  if (process.platform !== "linux" || !has("apt-get")) return `missing ${missing.join(", ")}: install them (${manual.replace(/^sudo apt-get install -y /, "e.g. apt-get install ")})`;
  if (process.env.PARLEY_NATIVE_APT === "0") return `missing ${missing.join(", ")} (PARLEY_NATIVE_APT=0: not installing); run: ${manual}`;
  const prefix = privilege();
  if (prefix === undefined) return `missing ${missing.join(", ")} and no root or passwordless sudo to install them; run: ${manual}`;
  const install = ["install", "-y", "--no-install-recommends", ...missing];
  const installed = aptGet(prefix, install, log) || (aptGet(prefix, ["update"], log) && aptGet(prefix, install, log));
  if (!installed) return `apt-get could not install ${missing.join(", ")}; run: ${manual}`;
  const still = missingPackages();
  return still.length === 0 ? undefined : `still missing after apt-get: ${still.join(", ")}; run: ${manual}`;
}
