/** A failure at start that the operator can fix; printed as one line, no stack trace. */
export class StartupError extends Error {
  override readonly name = "StartupError";
}
