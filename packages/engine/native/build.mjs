#!/usr/bin/env node
// Builds the OpenBLAS addon (build/Release/parley_native.node) with node-gyp.
// Missing build prerequisites (g++, make, python3, libopenblas-dev) are installed first with apt-get
// when possible (ensure-openblas.mjs). `--optional` (used by the package's install script) turns a
// failed build into a warning: the engine then keeps the plain wasm kernels; PARLEY_REQUIRE_NATIVE=1
// makes every failure fatal again (CI).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureBuildPrerequisites } from "./ensure-openblas.mjs";

const nativeDir = dirname(fileURLToPath(import.meta.url));
const optional = process.argv.includes("--optional") && process.env.PARLEY_REQUIRE_NATIVE !== "1";
const log = (message) => console.log(`[parley-native] ${message}`);

function fail(message) {
  if (optional) {
    log(`addon not built, the engine will use the plain wasm kernels: ${message}`);
    process.exit(0);
  }
  console.error(`[parley-native] ${message}`);
  process.exit(1);
}

if (process.env.PARLEY_SKIP_NATIVE === "1") {
  log("PARLEY_SKIP_NATIVE=1: not building the addon.");
  process.exit(0);
}

if (process.platform !== "linux") {
  fail(
    `the native kernels are built on Linux only (OpenBLAS and glibc's libmvec); on ${process.platform} ` +
      "the engine uses the plain wasm kernels.",
  );
}

const prerequisites = ensureBuildPrerequisites(log);
if (prerequisites !== undefined) fail(prerequisites);

let nodeGyp;
try {
  nodeGyp = createRequire(import.meta.url).resolve("node-gyp/bin/node-gyp.js");
} catch {
  fail("node-gyp is not installed (it is a devDependency of @parley/engine).");
}

// Node's own headers ship beside the binary on most installs (e.g. /usr/include/node);
// pointing node-gyp at them avoids a headers download, which is impossible offline.
const nodePrefix = dirname(dirname(process.execPath));
const args = [nodeGyp, "rebuild", "--jobs=2", "--loglevel=warn"];
if (existsSync(join(nodePrefix, "include", "node", "node_api.h"))) args.push(`--nodedir=${nodePrefix}`);

log(`building in ${nativeDir}`);
const result = spawnSync(process.execPath, args, { cwd: nativeDir, stdio: "inherit" });
if (result.status !== 0) {
  fail(
    "node-gyp failed. It needs g++, make, python3 and OpenBLAS headers " +
      "(Debian: apt-get install -y libopenblas-dev).",
  );
}
log(`built ${join(nativeDir, "build", "Release", "parley_native.node")}`);
