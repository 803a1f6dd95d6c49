/** The tfjs backends the engine can run on, fastest first. */
export const BACKEND_NAMES = ["tensorflow-gpu", "tensorflow", "wasm", "cpu"] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** Throws a one-line error unless `name` (e.g. PARLEY_BACKEND) is unset or one of BACKEND_NAMES. */
export function checkBackendName(name: string | undefined): BackendName | undefined {
  if (name === undefined || name === "") return undefined;
  if (!(BACKEND_NAMES as readonly string[]).includes(name)) {
    throw new Error(`unknown backend "${name}"; expected one of ${BACKEND_NAMES.join(", ")}`);
  }
  return name as BackendName;
}

/** The order backends are tried in: `preferred` (e.g. PARLEY_BACKEND) first, then the rest fastest first. */
export function backendOrder(preferred?: BackendName): BackendName[] {
  return preferred === undefined ? [...BACKEND_NAMES] : [preferred, ...BACKEND_NAMES.filter((name) => name !== preferred)];
}
