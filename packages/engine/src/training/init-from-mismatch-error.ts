/** A continued run's parent does not fit: another architecture, preset, vocabulary or checkpoint. */
export class InitFromMismatchError extends Error {
  override readonly name = "InitFromMismatchError";
}
