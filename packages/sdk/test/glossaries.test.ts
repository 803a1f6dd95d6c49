/** The SDK's glossaries resource, and glossaries in translations.create and translations.stream, against the real gateway. */
import { shippedModels } from "@parley/models";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestGateway } from "../../../test/support/use-test-gateway.js";
import { BadRequestError, NotFoundError, Parley } from "../src/index.js";

const gateway = useTestGateway();
let client: Parley;

beforeAll(async () => {
  await gateway.publishTinyModel("eng-fra", { artifactPath: shippedModels().find((model) => model.name === "eng-fra")!.dir });
  const { key } = await gateway.createTenantWithKey();
  client = new Parley({ apiKey: key, baseURL: gateway.url, maxRetries: 0 });
}, 300_000);

describe("SDK: glossaries", () => {
  it("creates from TSV, lists, pages entries, translates and streams with it, and deletes", async () => {
    const glossary = await client.glossaries.create({ name: "cars", sourceLanguage: "en", targetLanguage: "fr", entriesText: "car\tautomobile\ndog\ttoutou\n" });
    expect(glossary).toMatchObject({ name: "cars", entryCount: 2, sourceLanguage: "en", targetLanguage: "fr" });
    expect((await client.glossaries.list()).map((g) => g.id)).toEqual([glossary.id]);
    expect(await client.glossaries.entries(glossary.id, { offset: 1 })).toEqual([{ source: "dog", target: "toutou" }]);
    const result = await client.translations.create({ model: "eng-fra", text: "My dog is sleeping.", glossaryId: glossary.id });
    expect(result.translations[0]?.text).toContain("toutou");
    let streamed = "";
    for await (const part of client.translations.stream({ model: "eng-fra", text: "My dog is sleeping.", glossaryId: glossary.id })) {
      if (part.type === "sentence") streamed += part.text;
    }
    expect(streamed).toContain("toutou");
    await client.glossaries.delete(glossary.id);
    await expect(client.glossaries.retrieve(glossary.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("raises BadRequestError with the issues' line numbers", async () => {
    const error = await client.glossaries.create({ name: "bad", sourceLanguage: "en", targetLanguage: "fr", entriesText: "a\tb\nc\n" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).errors[0]?.extensions?.["issues"]).toEqual([{ line: 2, code: "columns", message: "expected 2 columns (source, target), found 1" }]);
  });
});
