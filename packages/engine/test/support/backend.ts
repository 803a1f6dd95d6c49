import { initBackend } from "../../src/backend/init-backend.js";

/** Tests run on the backend production uses on this machine. */
export async function useWasmBackend(): Promise<void> {
  const info = await initBackend("wasm");
  if (info.name !== "wasm") throw new Error(`expected the wasm backend, got ${info.name}`);
}
