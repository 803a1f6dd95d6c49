import type { BleuTokenizerName } from "./sacrebleu-tokenizers.js";

const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const LETTER = /\p{L}/u;

/** "zh" when most letters of the references are Chinese/Japanese characters (which 13a cannot split), else "13a". */
export function chooseBleuTokenizer(references: readonly string[]): BleuTokenizerName {
  let letters = 0;
  let cjk = 0;
  for (const reference of references) {
    for (const char of reference) {
      if (!LETTER.test(char)) continue;
      letters++;
      if (CJK_CHAR.test(char)) cjk++;
    }
  }
  return letters > 0 && cjk / letters > 0.5 ? "zh" : "13a";
}
