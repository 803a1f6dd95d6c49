/** Reserved ids shared with the tokenizer contract (src/text/tokenizer.ts). */
export const PAD_ID = 0;
export const UNK_ID = 1;
export const BOS_ID = 2;
export const EOS_ID = 3;

/** Source sequences end with EOS; the decoder input starts with BOS and its target ends with EOS. */
export function sourceSequence(tokens: readonly number[]): number[] {
  return [...tokens, EOS_ID];
}

export function decoderInput(tokens: readonly number[]): number[] {
  return [BOS_ID, ...tokens];
}

export function decoderTarget(tokens: readonly number[]): number[] {
  return [...tokens, EOS_ID];
}
