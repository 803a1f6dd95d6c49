// Loads the compiled OpenBLAS addon (build/Release/parley_native.node, built by build.mjs).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";

/** The addon's functions; all synchronous, all working in place on the arrays given. */
export interface NativeAddon {
  /**
   * Row-major C[i] = op(A[i])·op(B[i]) + beta·C[i] for i < batch, A[i] = a[i·strideA...] (stride 0
   * broadcasts); split over setThreads() threads when large enough.
   */
  sgemm(
    transA: boolean, transB: boolean, m: number, n: number, k: number,
    a: Float32Array, b: Float32Array, c: Float32Array,
    batch: number, strideA: number, strideB: number, strideC: number, beta: number,
  ): void;
  /** Sets every row of length n of c to bias (length n, or 1 for a scalar). */
  fillBias(c: Float32Array, n: number, bias: Float32Array): void;
  /** In place: 0 linear, 1 relu, 2 relu6, 3 leakyrelu (alpha), 4 sigmoid, 5 elu. */
  activate(c: Float32Array, activation: number, alpha: number): void;
  /** y[i] = op(x[i]): 0 exp, 1 log, 2 tanh, 3 erf (vectorised libm). */
  unary(op: number, x: Float32Array, y: Float32Array): void;
  /** out[o, i] = sum over r of x[o, r, i], for x viewed as [outer, reduce, inner]. */
  sum(x: Float32Array, out: Float32Array, outer: number, reduce: number, inner: number): void;
  /** out = x with axes permuted: out's axis j is x's axis perm[j] (x has shape dims). */
  transpose(x: Float32Array, out: Float32Array, dims: number[], perm: number[]): void;
  /** Layer norm over the last axis of x [rows, d]; writes y, xHat [rows, d] and invStd [rows]. */
  layerNorm(x: Float32Array, gamma: Float32Array, beta: Float32Array, y: Float32Array, xHat: Float32Array, invStd: Float32Array, rows: number, d: number, epsilon: number): void;
  /** Its gradient: writes dx [rows, d], dGamma and dBeta [d]. */
  layerNormGrad(dy: Float32Array, xHat: Float32Array, invStd: Float32Array, gamma: Float32Array, dx: Float32Array, dGamma: Float32Array, dBeta: Float32Array, rows: number, d: number): void;
  /**
   * Label-smoothed softmax cross-entropy per row of logits [rows, vocab]; writes loss [rows] and
   * grad = rowWeight·(softmax − smoothed one-hot) [rows, vocab]. Throws on a target outside [0, vocab).
   */
  softmaxCrossEntropy(logits: Float32Array, targets: Int32Array, rowWeights: Float32Array, loss: Float32Array, grad: Float32Array, rows: number, vocab: number, smoothing: number): void;
  /** One flat Adam step with global-norm clipping; writes newM, newV and update; returns the pre-clip norm. */
  adamUpdate(g: Float32Array, m: Float32Array, v: Float32Array, newM: Float32Array, newV: Float32Array, update: Float32Array, beta1: number, beta2: number, epsilon: number, correctedRate: number, clipNorm: number): number;
  /** Inverted dropout: y = x·mask/keep with a mask hashed from (seed, index); keep in (0, 1]. */
  dropout(x: Float32Array, y: Float32Array, keep: number, seed: number): void;
  /**
   * Copies a Transformer's weights into native memory for inference (src/inference/inference-bindings.cc lists
   * the order of `arrays`); dims are [vocab, modelDim, heads, ffDim, maxLength, encoderLayers, decoderLayers].
   * With `int8`, small batches read per-column int8 copies of the weight matrices.
   */
  transformerCreate(dims: number[], arrays: Float32Array[], int8?: boolean): NativeTransformerHandle;
  /**
   * Encodes ids [sources × sourceLength] (0-padded) and prepares rowsPerSource rows per source, with caches for up
   * to maxRows rows of `capacity` tokens; into `reuse`'s memory (and returning it) when given.
   */
  transformerEncode(
    model: NativeTransformerHandle, ids: Int32Array, sources: number, sourceLength: number, rowsPerSource: number,
    capacity: number, maxRows: number, reuse?: NativeDecodingStateHandle,
  ): NativeDecodingStateHandle;
  /** One decoder step: one token per row in, log-probabilities [rows, vocab] out. */
  transformerStep(model: NativeTransformerHandle, state: NativeDecodingStateHandle, tokens: Int32Array, logProbs: Float32Array): void;
  /** Row i becomes the old row rows[i]. */
  transformerSelectRows(state: NativeDecodingStateHandle, rows: Int32Array): void;
  /** Frees a state's memory now rather than at garbage collection. */
  transformerRelease(state: NativeDecodingStateHandle): void;
  /** Bytes a state's buffers hold. */
  transformerStateBytes(state: NativeDecodingStateHandle): number;
  /**
   * The k best values of each row of values [·, width] (of the rows listed, else of ids.length / k rows), best
   * first (ties: lower index first).
   */
  topKRows(values: Float32Array, width: number, k: number, ids: Int32Array, best: Float32Array, rows?: Int32Array): void;
  /**
   * Per group g of rows groupStarts[g] .. groupStarts[g + 1] − 1, the k best logProbs[row, v] + rowScores[row]
   * (rows scored ≤ −1e29 skipped); ids (row − groupStarts[g])·width + v, −1 where missing.
   */
  topKGroups(
    logProbs: Float32Array, rowScores: Float32Array, groupStarts: Int32Array, width: number, k: number,
    ids: Int32Array, best: Float32Array,
  ): void;
  /**
   * The instruction sets of inference's packed kernels this CPU runs ("avx512", "avx2", "generic"; the widest is
   * used), and the one in use; `select` switches to another (tests and benchmarks compare them).
   */
  inferenceInstructionSets(select?: string): { available: string[]; selected: string };
  /** Threads for sgemm (the calling thread plus a pool); OpenBLAS itself stays single-threaded. */
  setThreads(threads: number): void;
  info(): { coreName: string; config: string; threads: number };
}

/** Opaque handles to native memory, freed when garbage-collected. */
export type NativeTransformerHandle = { readonly __brand: "NativeTransformer" };
export type NativeDecodingStateHandle = { readonly __brand: "NativeDecodingState" };

export interface NativeAddonStatus {
  loaded: boolean;
  /** BLAS configuration when loaded, otherwise why the addon could not be loaded. */
  detail: string;
}

const ADDON_PATH = fileURLToPath(new URL("./build/Release/parley_native.node", import.meta.url));
/**
 * sgemm threads by default: one per core, at most 4. They are the addon's own pool (native/src/gemm.h),
 * not OpenBLAS's threads, which slowed training steps 2-3x whenever another process wanted a core
 * (bench/engine/matmul-step-profile.ts). PARLEY_BLAS_THREADS overrides.
 */
const DEFAULT_THREADS = Math.min(4, availableParallelism());

let addon: NativeAddon | null | undefined;
let loadFailure = "";

/**
 * OpenBLAS core type: PARLEY_OPENBLAS_CORETYPE if set, else its AVX-512 kernels ("SkylakeX") on
 * CPUs that have AVX-512. These run the engine's shapes ~2x faster than the AVX2 "Haswell"
 * kernels that the machines' environment pins with OPENBLAS_CORETYPE (bench/engine/matmul.ts).
 * Without AVX-512, OpenBLAS's own choice (including OPENBLAS_CORETYPE) stands.
 */
export function chooseCoreType(): string | undefined {
  const forced = process.env.PARLEY_OPENBLAS_CORETYPE;
  if (forced !== undefined && forced !== "") return forced;
  let cpuinfo = "";
  try {
    cpuinfo = process.platform === "linux" ? readFileSync("/proc/cpuinfo", "utf8") : "";
  } catch {
    return undefined;
  }
  const flags = new Set(/^flags\s*:(.*)$/m.exec(cpuinfo)?.[1]?.trim().split(/\s+/) ?? []);
  const avx512 = ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"].every((flag) => flags.has(flag));
  return avx512 ? "SkylakeX" : undefined;
}

/**
 * OpenBLAS reads its variables only while loading (with one thread it starts no workers of its
 * own); they are restored afterwards so that child processes see the originals.
 */
function requireWithEnvironment(settings: Record<string, string | undefined>): NativeAddon {
  const previous = Object.fromEntries(Object.keys(settings).map((name) => [name, process.env[name]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)));
  try {
    return createRequire(import.meta.url)(ADDON_PATH) as NativeAddon;
  } finally {
    apply(previous);
  }
}

function threadCount(): number {
  const requested = Number(process.env.PARLEY_BLAS_THREADS ?? DEFAULT_THREADS);
  return Number.isInteger(requested) && requested >= 1 ? requested : DEFAULT_THREADS;
}

/** Loads the addon once; null when disabled (PARLEY_NATIVE=0), not built, or unloadable. */
export function loadNativeAddon(): NativeAddon | null {
  if (addon !== undefined) return addon;
  if (process.env.PARLEY_NATIVE === "0") {
    loadFailure = "native kernels disabled by PARLEY_NATIVE=0";
    addon = null;
    return addon;
  }
  try {
    const threads = threadCount();
    addon = requireWithEnvironment({ OPENBLAS_CORETYPE: chooseCoreType(), OPENBLAS_NUM_THREADS: "1" });
    addon.setThreads(threads);
  } catch (error) {
    addon = null;
    loadFailure = `native addon unavailable (${(error as Error).message.split("\n")[0]}); ` +
      "build it with `node packages/engine/native/build.mjs` (needs Debian's libopenblas-dev)";
  }
  return addon;
}

export function nativeAddonStatus(): NativeAddonStatus {
  const native = loadNativeAddon();
  if (native === null) return { loaded: false, detail: loadFailure };
  const { coreName, config, threads } = native.info();
  const version = config.split(" ").slice(0, 2).join(" ");
  return { loaded: true, detail: `${version} ${coreName}, ${threads} thread${threads === 1 ? "" : "s"}` };
}
