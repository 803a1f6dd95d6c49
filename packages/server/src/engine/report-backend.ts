import type { Logger } from "../logging/logger.js";
import type { TranslationEngine } from "./translation-engine.js";

const FIX = "apt-get install -y libopenblas-dev && pnpm --filter @parley/engine build:native (Debian/Ubuntu; see README, Engine speed)";

/**
 * Logs, once, what the in-process engine runs on: a warning with the fix when the native kernels are
 * missing (translation and training run several times slower), an error when the backend failed.
 */
export async function reportEngineBackend(engine: TranslationEngine, logger: Logger): Promise<void> {
  const status = await engine.backendStatus?.().catch(() => undefined);
  if (!status) return;
  if (status.error) {
    logger.error({ backend: status.backend }, `engine: no backend, every translation fails: ${status.error}`);
  } else if (status.backend === "wasm" && !status.nativeKernels) {
    if (process.env.PARLEY_NATIVE === "0") logger.info({ backend: status.backend, nativeKernels: false }, "engine: native kernels off (PARLEY_NATIVE=0)");
    else logger.warn({ backend: status.backend, nativeKernels: false, reason: status.nativeDetail }, `engine: native kernels missing, the engine runs ~7x slower on plain wasm; fix: ${FIX}`);
  } else {
    logger.info({ backend: status.backend, nativeKernels: status.nativeKernels, native: status.nativeDetail }, "engine: backend ready");
  }
}
