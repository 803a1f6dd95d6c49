// Runs every benchmark in turn, each in its own process with this terminal's output.
// Keeps going after a failure; exits non-zero at the end if any benchmark failed.
// Run: pnpm bench   (from the repository root)
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const BENCHMARKS = ["engine/matmul.ts", "engine/training.ts", "engine/training-step-profile.ts", "engine/inference.ts", "engine/native-decode-profile.ts", "engine/peers.ts", "glossary/terms.ts", "gateway/translate.ts"];

const failed: string[] = [];
for (const benchmark of BENCHMARKS) {
  console.log(`\n=== ${benchmark} ===`);
  const file = fileURLToPath(new URL(benchmark, import.meta.url));
  const run = spawnSync(process.execPath, ["--import", "tsx", file], { stdio: "inherit" });
  if (run.status !== 0) {
    failed.push(benchmark);
    console.error(`${benchmark} failed (${run.error?.message ?? (run.signal === null ? `exit code ${run.status}` : `signal ${run.signal}`)})`);
  }
}
console.log(failed.length === 0 ? "\nall benchmarks finished" : `\nfailed: ${failed.join(", ")}`);
process.exitCode = failed.length === 0 ? 0 : 1;
