import type { DataId, DataType, TensorInfo } from "@tensorflow/tfjs-core";

/**
 * The parts of tfjs-backend-wasm's BackendWasm that JS kernels need. They are public
 * methods of the class but not part of its typed entry point, hence this narrow view.
 */
export interface WasmBackendInternals {
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
  readSync(dataId: DataId): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: DataId): boolean;
  wasm: { HEAPU8: Uint8Array };
}

export function asWasmBackend(backend: unknown): WasmBackendInternals {
  const candidate = backend as Partial<WasmBackendInternals>;
  if (typeof candidate.makeOutput !== "function" || typeof candidate.typedArrayFromHeap !== "function") {
    throw new Error("expected the tfjs wasm backend");
  }
  return candidate as WasmBackendInternals;
}

/** Byte offset of a tensor's data on the wasm heap (only valid until the next allocation). */
export function heapByteOffset(backend: WasmBackendInternals, info: TensorInfo): number {
  return backend.typedArrayFromHeap(info).byteOffset;
}
