/**
 * The request an error was raised for, for Apollo's formatError (which is given no context): tagged by the
 * gateway plugin when Apollo reports the errors of a request, and by the context function for its own failures.
 * A WeakMap rather than AsyncLocalStorage, whose promise hooks cost every request of the gateway ~15% of its CPU.
 */
const requestIds = new WeakMap<object, string>();

/** Remembers that `error` belongs to request `requestId`. */
export function tagRequestId(error: unknown, requestId: string): void {
  if (error && typeof error === "object") requestIds.set(error, requestId);
}

/** The request `error` (or an error it wraps, through `originalError`) was tagged with. */
export function requestIdOf(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && typeof current === "object" && depth < 5; depth += 1) {
    const requestId = requestIds.get(current);
    if (requestId) return requestId;
    current = (current as { originalError?: unknown }).originalError;
  }
  return undefined;
}
