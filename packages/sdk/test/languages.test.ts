/** The SDK's languages resource and language-routed, markup translations against the real gateway. */
import { beforeAll, describe, expect, it } from "vitest";
import { useTestGateway } from "../../../test/support/use-test-gateway.js";
import { BadRequestError, NotFoundError, Parley, PermissionDeniedError } from "../src/index.js";

const gateway = useTestGateway();
let client: Parley;

beforeAll(async () => {
  await gateway.publishTinyModel("sdk-en-fr");
  const { key } = await gateway.createTenantWithKey();
  client = new Parley({ apiKey: key, baseURL: gateway.url, maxRetries: 0 });
}, 300_000);

describe("SDK: languages, detection, routing by language and markup", () => {
  it("lists the pairs and detects languages", async () => {
    const pairs = await client.languages.list();
    expect(pairs.map((pair) => [pair.sourceLanguage, pair.targetLanguage, pair.model.name])).toEqual([["en", "fr", "sdk-en-fr"]]);
    expect(await client.languages.detectable()).toEqual(["de", "en", "es", "fr", "zh"]);
    const [german] = await client.languages.detect({ texts: ["Wo ist der Bahnhof, bitte?"] });
    expect(german?.language).toBe("de");
  });

  it("translates by language pair, with auto detection and HTML", async () => {
    const result = await client.translations.create({ sourceLanguage: "auto", targetLanguage: "fr", format: "HTML", text: "<p>Where is <b>the station</b>?</p>" });
    expect(result.model.name).toBe("sdk-en-fr");
    expect(result.translations[0]?.detectedSourceLanguage).toBe("en");
    expect(result.translations[0]?.text).toMatch(/^<p>[^<]*<b>[^<]+<\/b>[^<]*<\/p>$/);
    expect(result.usage.billedCharacters).toBe([..."Where is", ..."the station"].length);
  });

  it("raises typed errors for a pair nobody serves, bad routing and a key without the scope", async () => {
    await expect(client.translations.create({ sourceLanguage: "en", targetLanguage: "de", text: "hi" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.translations.create({ model: "sdk-en-fr", targetLanguage: "fr", text: "hi" } as never)).rejects.toBeInstanceOf(BadRequestError);
    await expect(client.languages.detect({ texts: [] })).rejects.toBeInstanceOf(BadRequestError);
    const { key } = await gateway.createTenantWithKey({}, ["READ"]);
    const reader = new Parley({ apiKey: key, baseURL: gateway.url, maxRetries: 0 });
    await expect(reader.languages.detect({ texts: ["hi"] })).rejects.toBeInstanceOf(PermissionDeniedError);
  });
});
