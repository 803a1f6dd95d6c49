/** Longest string input by default, in code points; fields that need more name their own limit. */
export const DEFAULT_MAX_STRING_LENGTH = 256;

const NUL = "\u0000";
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why a client's string cannot be accepted, or undefined when it can. PostgreSQL
 * refuses U+0000 in text and jsonb, and an unpaired UTF-16 surrogate has no UTF-8
 * encoding; both would otherwise surface as a server error. `maxLength` counts
 * code points, as billing does; omit it to check the content only.
 */
export function stringProblem(value: string, maxLength?: number): string | undefined {
  if (value.includes(NUL)) return "must not contain U+0000 (NUL)";
  if (UNPAIRED_SURROGATE.test(value)) return "must not contain an unpaired UTF-16 surrogate (invalid Unicode)";
  if (maxLength !== undefined && value.length > maxLength && [...value].length > maxLength) {
    return `must be at most ${maxLength} characters`;
  }
  return undefined;
}
