import render from "dom-serializer";
import { type AnyNode, type Document, type Element, isDirective, isTag, isText } from "domhandler";
import { parseDocument } from "htmlparser2";
import { decodeEntityText, encodeEntityText } from "./entity-text.js";

/** How a text is written: plain, or HTML / XML markup whose text nodes alone are translated. */
export type TextFormat = "TEXT" | "HTML" | "XML";

/** What one input text sends to the engine, and how the engine's translations become the output text. */
export interface MarkupPlan {
  /** The pieces of text to translate, in document order; their code points are what is billed. */
  segments: string[];
  /** The output text: the input with each segment replaced by its translation (same order). */
  rebuild(translations: readonly string[]): string;
}

/** Elements whose content is code or data, never prose: copied unchanged. */
const UNTRANSLATED_ELEMENTS = new Set(["script", "style", "code", "pre", "kbd", "samp", "var", "textarea", "math", "svg"]);
/** Attributes people read (alt text, tooltips, placeholders, labels for screen readers): translated. */
const TRANSLATABLE_ATTRIBUTES = ["alt", "title", "placeholder", "aria-label"];
const HAS_LETTER = /\p{L}/u;

interface Slot {
  leading: string;
  trailing: string;
  references: Map<string, string>;
  write(markup: string): void;
  inAttribute: boolean;
}

/**
 * Plans one text. TEXT is one segment. HTML and XML are parsed with htmlparser2 (entities left as written): every
 * text node with a letter in it, and the alt/title/placeholder/aria-label attributes, becomes a segment of its own;
 * tags, other attributes, comments, entities outside translated text, and the content of script, style, code, pre
 * (and similar) elements or of any element marked translate="no" or class="notranslate" are kept as they were.
 * Inline tags stay around the words they wrapped because each text run is translated in place.
 */
export function planMarkup(text: string, format: TextFormat): MarkupPlan {
  if (format === "TEXT") return { segments: [text], rebuild: (translations) => translations[0] ?? "" };
  const xmlMode = format === "XML";
  const document = parseDocument(text, { xmlMode, decodeEntities: false });
  const slots: Slot[] = [];
  const segments: string[] = [];
  const addSlot = (raw: string, inAttribute: boolean, write: (markup: string) => void) => {
    const { text: decoded, references } = decodeEntityText(raw, xmlMode);
    const core = decoded.trim();
    if (!HAS_LETTER.test(core)) return;
    const start = decoded.indexOf(core);
    segments.push(core);
    slots.push({ leading: decoded.slice(0, start), trailing: decoded.slice(start + core.length), references, write, inAttribute });
  };
  const visit = (node: AnyNode) => {
    if (isText(node)) {
      addSlot(node.data, false, (markup) => (node.data = markup));
    } else if (isTag(node)) {
      if (isUntranslated(node, xmlMode)) return;
      for (const name of TRANSLATABLE_ATTRIBUTES) {
        const value = node.attribs[name];
        if (value !== undefined) addSlot(value, true, (markup) => (node.attribs[name] = markup));
      }
      node.children.forEach(visit);
    } else if (isDirective(node) && xmlMode) {
      // htmlparser2 drops the closing `?` of an XML processing instruction (`<?xml ...?>`); put it back.
      if (node.data.startsWith("?") && !node.data.endsWith("?")) node.data += "?";
    }
  };
  document.children.forEach(visit);
  return {
    segments,
    rebuild(translations) {
      slots.forEach((slot, index) => {
        const translated = slot.leading + (translations[index] ?? segments[index]!) + slot.trailing;
        slot.write(encodeEntityText(translated, slot.references, slot.inAttribute));
      });
      return serialize(document, xmlMode);
    },
  };
}

function isUntranslated(element: Element, xmlMode: boolean): boolean {
  const name = xmlMode ? element.name : element.name.toLowerCase();
  if (UNTRANSLATED_ELEMENTS.has(name)) return true;
  if (element.attribs.translate?.toLowerCase() === "no") return true;
  return (element.attribs.class ?? "").split(" ").includes("notranslate");
}

function serialize(document: Document, xmlMode: boolean): string {
  return render(document, { xmlMode, decodeEntities: false, encodeEntities: false });
}
