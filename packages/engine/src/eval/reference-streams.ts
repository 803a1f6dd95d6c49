/** sacreBLEU-style reference input: one stream (string[]) or several parallel streams (string[][]). */
export type References = readonly string[] | readonly (readonly string[])[];

/** Per-segment reference lists, checked against the number of hypotheses. */
export function referencesPerSegment(hypothesisCount: number, references: References): string[][] {
  const streams = (references.length > 0 && Array.isArray(references[0])
    ? references
    : [references]) as readonly (readonly string[])[];
  for (const [index, stream] of streams.entries()) {
    if (stream.length !== hypothesisCount) {
      throw new RangeError(`reference stream ${index} has ${stream.length} lines, expected ${hypothesisCount}`);
    }
  }
  return Array.from({ length: hypothesisCount }, (_, segment) => streams.map((stream) => stream[segment]!));
}
