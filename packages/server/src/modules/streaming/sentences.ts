/** One sentence of a text: what the engine translates, and the whitespace around it in the text. */
export interface Sentence {
  leading: string;
  text: string;
  trailing: string;
}

/**
 * A text cut into sentences with the platform's Unicode sentence segmentation (Intl.Segmenter, UAX #29); joining
 * leading + text + trailing of every sentence gives the text back. Whitespace-only texts are one empty sentence.
 */
export function splitSentences(text: string, language?: string): Sentence[] {
  const segmenter = new Intl.Segmenter(language, { granularity: "sentence" });
  const sentences: Sentence[] = [];
  let carried = "";
  for (const { segment } of segmenter.segment(text)) {
    const core = segment.trim();
    if (!core) {
      carried += segment;
      continue;
    }
    const start = segment.indexOf(core);
    sentences.push({ leading: carried + segment.slice(0, start), text: core, trailing: segment.slice(start + core.length) });
    carried = "";
  }
  if (sentences.length === 0) return [{ leading: "", text: "", trailing: text }];
  sentences[sentences.length - 1]!.trailing += carried;
  return sentences;
}
