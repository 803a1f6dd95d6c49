/** client.translations.stream against the real gateway: an async iterator of sentences, typed refusals. */
import { beforeAll, describe, expect, it } from "vitest";
import { tinyModelSentences } from "../../../test/support/tiny-model.js";
import { useTestGateway } from "../../../test/support/use-test-gateway.js";
import { NotFoundError, Parley, QuotaExceededError, type TranslationStreamPart } from "../src/index.js";

const gateway = useTestGateway();
let sentences: string[];

beforeAll(async () => {
  await gateway.publishTinyModel("sdk-stream");
  sentences = await tinyModelSentences(5);
}, 300_000);

describe("SDK: translations.stream", () => {
  it("yields each sentence, then done with the usage billed once", async () => {
    const { key, tenantId } = await gateway.createTenantWithKey();
    const client = new Parley({ apiKey: key, baseURL: gateway.url });
    const text = sentences.join("\n");
    const parts: TranslationStreamPart[] = [];
    for await (const part of client.translations.stream({ model: "sdk-stream", text })) parts.push(part);
    expect(parts.map((part) => part.type)).toEqual(["sentence", "sentence", "sentence", "sentence", "sentence", "done"]);
    const done = parts.at(-1);
    if (done?.type !== "done") throw new Error("no done part");
    expect(done.usage.billedCharacters).toBe([...text].length);
    expect(done.translations[0]?.text).toBe(parts.flatMap((part) => (part.type === "sentence" ? [part.text] : [])).join(""));
    expect(await gateway.db.prisma.usageRecord.count({ where: { tenantId, status: "SUCCEEDED" } })).toBe(1);
    const result = await client.translations.stream({ model: "sdk-stream", texts: ["a b"] }).finalResult();
    expect(result.translations).toHaveLength(1);
  });

  it("throws typed errors before the first part", async () => {
    const { key } = await gateway.createTenantWithKey({ monthlyCharacterQuota: 3 });
    const client = new Parley({ apiKey: key, baseURL: gateway.url, maxRetries: 0 });
    await expect(client.translations.stream({ model: "missing", text: "hi" }).finalResult()).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.translations.stream({ model: "sdk-stream", text: "too long" }).finalResult()).rejects.toBeInstanceOf(QuotaExceededError);
  });
});
