/**
 * CTranslate2, to check and benchmark an export (optional: Parley never needs it): a Python that imports `ctranslate2`. PARLEY_CT2_PYTHON names one; otherwise
 * the wheel in ../shared/peers (beside the repository) is installed once into <repo>/.parley/ct2/venv, offline.
 * Its shipped library links arrive as text files holding their targets, so real links are made in .parley/ct2/lib.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chooseCoreType } from "../../native/addon.js";

const REPO = fileURLToPath(new URL("../../../../", import.meta.url));
const PEERS = path.resolve(REPO, "../shared/peers");
const HOME = path.join(REPO, ".parley", "ct2");

export interface Ct2Python {
  python: string;
  env: NodeJS.ProcessEnv;
}

export function ctranslate2Python(): Ct2Python {
  // The OpenBLAS kernels the addon picks (AVX-512 ones where the CPU has them: forcing those elsewhere crashes).
  const coreType = chooseCoreType();
  const env = coreType === undefined ? { ...process.env } : { ...process.env, OPENBLAS_CORETYPE: coreType };
  const configured = process.env["PARLEY_CT2_PYTHON"];
  if (configured) return { python: configured, env };
  const libDir = path.join(HOME, "lib");
  const withLib = { ...env, LD_LIBRARY_PATH: [libDir, process.env["LD_LIBRARY_PATH"]].filter(Boolean).join(":") };
  const python = path.join(HOME, "venv", "bin", "python");
  if (existsSync(python) && imports(python, withLib)) return { python, env: withLib };
  const wheel = existsSync(PEERS) ? readdirSync(PEERS).find((name) => /^ctranslate2-.*\.whl$/.test(name)) : undefined;
  if (wheel === undefined) throw new Error(`CTranslate2 is needed here: set PARLEY_CT2_PYTHON or put its wheel in ${PEERS}`);
  mkdirSync(libDir, { recursive: true });
  const peerLib = path.join(PEERS, "lib");
  for (const name of readdirSync(peerLib)) {
    const file = path.join(peerLib, name);
    const link = path.join(libDir, name);
    if (existsSync(link)) continue;
    const text = readFileSync(file);
    // A library link stored as a small text file naming its target.
    symlinkSync(text.length < 256 && !text.includes(0) ? path.join(peerLib, path.basename(text.toString().trim())) : file, link);
  }
  execFileSync("python3", ["-m", "venv", "--system-site-packages", path.join(HOME, "venv")]);
  execFileSync(path.join(HOME, "venv", "bin", "pip"), ["install", "--no-index", "--no-deps", "--quiet", path.join(PEERS, wheel)]);
  if (!imports(python, withLib)) throw new Error("CTranslate2 was installed but does not import");
  return { python, env: withLib };
}

function imports(python: string, env: NodeJS.ProcessEnv): boolean {
  try {
    execFileSync(python, ["-c", "import ctranslate2"], { env, stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
