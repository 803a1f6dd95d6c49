import { type AnyNode, isComment, isTag, isText } from "domhandler";
import { parseDocument } from "htmlparser2";
import { beforeAll, describe, expect, it } from "vitest";
import { errorCode, graphql } from "../support/gateway.js";
import { useTestGateway } from "../support/use-test-gateway.js";

const TRANSLATE = `mutation T($input: TranslateInput!) {
  translate(input: $input) { translations { text inputCharacters billedCharacters } usage { inputCharacters billedCharacters } }
}`;

const HTML = `<!DOCTYPE html>
<article class="post" data-id="42">
  <h1 title="A guide to the city">Welcome to <b>our <i>little</i> town</b>!</h1>
  <p>Tom &amp; Jerry&nbsp;live <a href="/map?x=1&amp;y=2" target="_blank">near the river</a>.<br>
  <img src="/river.png" alt="the river at night"> <!-- the photo is ours --></p>
  <pre><code class="lang-js">if (a &lt; b) { return "keep me"; }</code></pre>
  <p translate="no">Parley GmbH</p>
  <script>const greeting = "hello";</script>
</article>`;

/** What the test document sends to the engine: its text runs and translatable attributes, entities decoded. */
const TRANSLATED_RUNS = ["A guide to the city", "Welcome to", "our", "little", "town", "Tom & Jerry\u00a0live", "near the river", "the river at night"];

/** The document's tree without the text that may change: tags with their untranslated attributes, comments, code. */
function shape(nodes: AnyNode[], keepText = false): unknown[] {
  return nodes.flatMap((node): unknown[] => {
    if (isTag(node)) {
      const attribs = Object.entries(node.attribs).filter(([name]) => !["alt", "title"].includes(name));
      const frozen = ["code", "pre", "script"].includes(node.name) || node.attribs.translate === "no";
      return [{ tag: node.name, attribs, children: shape(node.children, keepText || frozen) }];
    }
    if (isComment(node)) return [{ comment: node.data }];
    if (isText(node)) return keepText ? [{ text: node.data }] : node.data.trim() ? ["text"] : [];
    return [{ other: node.type }];
  });
}

describe("translate with format HTML and XML", () => {
  const gateway = useTestGateway();
  let key: string;
  let tenantId: string;
  const translate = (input: Record<string, unknown>) =>
    graphql(gateway.graphqlUrl, TRANSLATE, { input: { model: "tiny-en-fr", ...input } }, key);

  beforeAll(async () => {
    ({ key, tenantId } = await gateway.createTenantWithKey({ requestsPerMinute: 10_000, maxConcurrentRequests: 100 }));
    await gateway.publishTinyModel();
  }, 300_000);

  it("returns the HTML well-formed with the same tag tree, attributes, entities, comment and code, billing only the text", async () => {
    const response = await translate({ texts: [HTML], format: "HTML" });
    expect(response.errors).toBeUndefined();
    const output = response.data?.translate.translations[0].text as string;
    const input = parseDocument(HTML, { decodeEntities: false });
    const translated = parseDocument(output, { decodeEntities: false });
    expect(shape(translated.children)).toEqual(shape(input.children));
    // Well-formed: parsing the output again and writing it out changes nothing.
    expect(output).toContain('<a href="/map?x=1&amp;y=2" target="_blank">');
    expect(output).toContain('<pre><code class="lang-js">if (a &lt; b) { return "keep me"; }</code></pre>');
    expect(output).toContain('<p translate="no">Parley GmbH</p>');
    expect(output).toContain('<script>const greeting = "hello";</script>');
    expect(output).toContain("<!-- the photo is ours -->");
    expect(output).not.toContain("Welcome to");
    // Inline tags still wrap text: <b> holds a translated run and the whole <i>.
    expect(output).toMatch(/<b>[^<]*\S[^<]*<i>[^<]*\S[^<]*<\/i>[^<]*<\/b>/);
    const billed = TRANSLATED_RUNS.reduce((sum, run) => sum + [...run].length, 0);
    expect(response.data?.translate.usage.billedCharacters).toBe(billed);
    expect(response.data?.translate.translations[0].billedCharacters).toBe(billed);
    expect(response.data?.translate.usage.inputCharacters).toBe([...HTML].length);
    const ledger = await gateway.db.prisma.usageRecord.findFirstOrThrow({ where: { tenantId }, orderBy: { createdAt: "desc" } });
    expect(ledger.inputCharacters).toBe(billed);
  });

  it("keeps an entity the input used in translated text, and escapes markup characters the model writes", async () => {
    const response = await translate({ texts: ["<p>Tom &amp; Jerry</p>", "<p><code>&lt;b&gt;</code> stays</p>"], format: "HTML" });
    const [first, second] = response.data?.translate.translations.map((t: { text: string }) => t.text) as string[];
    expect(first).toMatch(/^<p>[^<>]*<\/p>$/);
    expect(second).toMatch(/^<p><code>&lt;b&gt;<\/code> [^<>]*<\/p>$/);
  });

  it("translates XML text nodes, keeping the declaration, CDATA and self-closing tags", async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<doc><para id="p1">The cat sleeps <term ref="t1">here</term>.<br/></para><![CDATA[1 < 2]]></doc>`;
    const response = await translate({ texts: [xml], format: "XML" });
    expect(response.errors).toBeUndefined();
    const output = response.data?.translate.translations[0].text as string;
    expect(output.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<doc><para id="p1">')).toBe(true);
    expect(output).toContain("<![CDATA[1 < 2]]>");
    expect(output).toMatch(/<term ref="t1">[^<]+<\/term>[^<]*<br\/><\/para>/);
    const input = parseDocument(xml, { xmlMode: true, decodeEntities: false });
    expect(shape(parseDocument(output, { xmlMode: true, decodeEntities: false }).children)).toEqual(shape(input.children));
  });

  it("bills a document with no text nothing, and plain TEXT as before", async () => {
    const empty = await translate({ texts: ["<p> </p><pre>code</pre>"], format: "HTML" });
    expect(empty.data?.translate.translations[0].text).toBe("<p> </p><pre>code</pre>");
    expect(empty.data?.translate.usage.billedCharacters).toBe(0);
    const plain = await translate({ texts: ["<b>hi</b>"] });
    expect(plain.data?.translate.usage.billedCharacters).toBe(9);
    expect(errorCode(await translate({ texts: ["x"], format: "PDF" }))).toBe("BAD_USER_INPUT");
  });
});
