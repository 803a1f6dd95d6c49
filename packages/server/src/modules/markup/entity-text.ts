import { decodeHTMLStrict, decodeXML } from "entities";

/** The longest entity reference looked for, `&` and `;` included (`&CounterClockwiseContourIntegral;` is 33). */
const MAX_ENTITY_LENGTH = 40;

/** Raw markup text (entity references as written) decoded, with which characters each reference stood for. */
export interface DecodedText {
  text: string;
  /** Character → the entity reference the input wrote it as, so the output writes it back the same way. */
  references: Map<string, string>;
}

/**
 * Decodes the entity references of raw text or attribute content, remembering how each decoded character was
 * written. A lone `&` that starts no reference is kept as text. A scanner over the characters, not a regex.
 */
export function decodeEntityText(raw: string, xmlMode: boolean): DecodedText {
  const decode = xmlMode ? decodeXML : decodeHTMLStrict;
  const references = new Map<string, string>();
  let text = "";
  let index = 0;
  while (index < raw.length) {
    const amp = raw.indexOf("&", index);
    if (amp < 0) break;
    const semicolon = raw.indexOf(";", amp + 1);
    const candidate = semicolon > amp && semicolon - amp < MAX_ENTITY_LENGTH ? raw.slice(amp, semicolon + 1) : "";
    const decoded = candidate ? decode(candidate) : candidate;
    text += raw.slice(index, amp);
    if (candidate && decoded !== candidate) {
      text += decoded;
      references.set(decoded, candidate);
      index = semicolon + 1;
    } else {
      text += "&";
      index = amp + 1;
    }
  }
  return { text: text + raw.slice(index), references };
}

/**
 * Translated text written back as markup: characters the input wrote as entity references get the same reference;
 * `&`, `<`, `>` (and `"` in attributes) are escaped so the result stays well-formed.
 */
export function encodeEntityText(text: string, references: ReadonlyMap<string, string>, inAttribute: boolean): string {
  let out = "";
  for (const char of text) {
    const reference = references.get(char);
    if (reference) out += reference;
    else if (char === "&") out += "&amp;";
    else if (char === "<") out += "&lt;";
    else if (char === ">") out += "&gt;";
    else if (char === '"' && inAttribute) out += "&quot;";
    else out += char;
  }
  return out;
}
