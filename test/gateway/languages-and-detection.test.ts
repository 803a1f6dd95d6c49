import { existsSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { errorCode, graphql } from "../support/gateway.js";
import { publishPairModel, TATOEBA_DIR, tatoebaDevSample } from "../support/language-models.js";
import { useTestGateway } from "../support/use-test-gateway.js";

const LANGUAGES = `{ languages { sourceLanguage targetLanguage model { name visibility } } }`;
const TRANSLATE = `mutation T($input: TranslateInput!) {
  translate(input: $input) { model { name } translations { text detectedSourceLanguage billedCharacters } usage { billedCharacters } }
}`;
const DETECT = `query D($texts: [String!]!) { detectLanguage(texts: $texts) { language confidence } }`;

describe("languages, routing by language pair and language detection", () => {
  const gateway = useTestGateway();
  let acme: { key: string; tenantId: string };
  let other: { key: string; tenantId: string };
  const translate = (input: Record<string, unknown>, key = acme.key) => graphql(gateway.graphqlUrl, TRANSLATE, { input }, key);
  const billedRows = (tenantId: string) => gateway.db.prisma.usageRecord.count({ where: { tenantId } });

  beforeAll(async () => {
    const limits = { requestsPerMinute: 10_000, maxConcurrentRequests: 100, maxBatchSize: 200 };
    acme = await gateway.createTenantWithKey(limits);
    other = await gateway.createTenantWithKey(limits);
    for (const [source, target] of [["en", "fr"], ["fr", "en"], ["de", "en"], ["es", "en"], ["zh-Hans", "en"]] as const) {
      await publishPairModel(gateway, `public-${source}-${target}`, source, target);
    }
    await publishPairModel(gateway, "acme-en-fr", "en", "fr", acme.tenantId);
    await publishPairModel(gateway, "acme-en-de", "en", "de", acme.tenantId);
    // A model with no READY stable version serves no pair.
    await gateway.db.prisma.model.create({ data: { name: "untrained-en-es", sourceLanguage: "en", targetLanguage: "es" } });
  }, 300_000);

  it("lists the pairs each tenant can use, its own model before the public one", async () => {
    const mine = await graphql(gateway.graphqlUrl, LANGUAGES, {}, acme.key);
    expect(mine.data?.languages).toEqual([
      { sourceLanguage: "de", targetLanguage: "en", model: { name: "public-de-en", visibility: "PUBLIC" } },
      { sourceLanguage: "en", targetLanguage: "de", model: { name: "acme-en-de", visibility: "PRIVATE" } },
      { sourceLanguage: "en", targetLanguage: "fr", model: { name: "acme-en-fr", visibility: "PRIVATE" } },
      { sourceLanguage: "es", targetLanguage: "en", model: { name: "public-es-en", visibility: "PUBLIC" } },
      { sourceLanguage: "fr", targetLanguage: "en", model: { name: "public-fr-en", visibility: "PUBLIC" } },
      { sourceLanguage: "zh", targetLanguage: "en", model: { name: "public-zh-Hans-en", visibility: "PUBLIC" } },
    ]);
    const theirs = await graphql(gateway.graphqlUrl, LANGUAGES, {}, other.key);
    const pairs = theirs.data?.languages.map((p: { sourceLanguage: string; targetLanguage: string; model: { name: string } }) => `${p.sourceLanguage}-${p.targetLanguage}:${p.model.name}`);
    expect(pairs).toEqual(["de-en:public-de-en", "en-fr:public-en-fr", "es-en:public-es-en", "fr-en:public-fr-en", "zh-en:public-zh-Hans-en"]);
  });

  it("translates by language pair with the caller's own model, else the public one", async () => {
    const mine = await translate({ sourceLanguage: "en", targetLanguage: "fr", texts: ["hello"] });
    expect(mine.data?.translate.model.name).toBe("acme-en-fr");
    const theirs = await translate({ sourceLanguage: "en", targetLanguage: "fr", texts: ["hello"] }, other.key);
    expect(theirs.data?.translate.model.name).toBe("public-en-fr");
    const chinese = await translate({ sourceLanguage: "zh", targetLanguage: "en", texts: ["你好"] }, other.key);
    expect(chinese.data?.translate.model.name).toBe("public-zh-Hans-en");
  });

  it("refuses unknown pairs, another tenant's pairs and malformed routing, billing nothing", async () => {
    const before = await billedRows(other.tenantId);
    const notMine = await translate({ sourceLanguage: "en", targetLanguage: "de", texts: ["hello"] }, other.key);
    expect(errorCode(notMine)).toBe("NOT_FOUND");
    expect(notMine.status).toBe(404);
    expect(notMine.errors?.[0]?.message).toMatch(/en → de/);
    expect(errorCode(await translate({ sourceLanguage: "en", targetLanguage: "es", texts: ["hello"] }, other.key))).toBe("NOT_FOUND");
    for (const input of [
      { texts: ["hello"] },
      { model: "public-en-fr", targetLanguage: "fr", texts: ["hello"] },
      { model: "public-en-fr", sourceLanguage: "en", texts: ["hello"] },
      { targetLanguage: "fr", texts: ["hello"] },
      { sourceLanguage: "english", targetLanguage: "fr", texts: ["hello"] },
      { sourceLanguage: "en", targetLanguage: "FR", texts: ["hello"] },
      { sourceLanguage: "en", targetLanguage: "fr", version: 1, texts: ["hello"] },
      { sourceLanguage: "auto", targetLanguage: "en", texts: ["1234", "?!"] },
    ]) {
      const response = await translate(input, other.key);
      expect(errorCode(response), JSON.stringify(input)).toBe("BAD_USER_INPUT");
      expect(response.status).toBe(400);
    }
    expect(await billedRows(other.tenantId)).toBe(before);
  });

  it("with sourceLanguage auto, reports each text's language and routes to the model for it", async () => {
    const cases = [
      { text: "Ich habe heute keine Zeit, weil ich arbeiten muss.", language: "de", model: "public-de-en" },
      { text: "Je ne sais pas où il habite maintenant.", language: "fr", model: "public-fr-en" },
      { text: "¿Dónde está la estación de tren más cercana?", language: "es", model: "public-es-en" },
      { text: "我明天要去北京看我的朋友。", language: "zh", model: "public-zh-Hans-en" },
    ];
    for (const { text, language, model } of cases) {
      const response = await translate({ sourceLanguage: "auto", targetLanguage: "en", texts: [text] });
      expect(response.errors).toBeUndefined();
      expect(response.data?.translate.model.name).toBe(model);
      expect(response.data?.translate.translations[0].detectedSourceLanguage).toBe(language);
    }
    const english = await translate({ sourceLanguage: "auto", targetLanguage: "fr", texts: ["Where is the nearest train station?"] });
    expect(english.data?.translate.model.name).toBe("acme-en-fr");
    // A mixed batch goes to the model of the language with the most characters; each text's language is reported.
    const mixed = await translate({
      sourceLanguage: "auto",
      targetLanguage: "en",
      texts: ["Ich weiß nicht, wann der letzte Zug nach Berlin fährt.", "Bonjour à tous."],
    });
    expect(mixed.data?.translate.model.name).toBe("public-de-en");
    expect(mixed.data?.translate.translations.map((t: { detectedSourceLanguage: string }) => t.detectedSourceLanguage)).toEqual(["de", "fr"]);
    // With a named model, auto only reports the languages.
    const named = await translate({ model: "public-en-fr", sourceLanguage: "auto", texts: ["Guten Morgen, wie geht es dir?"] });
    expect(named.data?.translate.model.name).toBe("public-en-fr");
    expect(named.data?.translate.translations[0].detectedSourceLanguage).toBe("de");
    // Without auto nothing is detected.
    const plain = await translate({ model: "public-en-fr", texts: ["hello"] });
    expect(plain.data?.translate.translations[0].detectedSourceLanguage).toBeNull();
  });

  it("detects languages without billing, within translate's batch limits", async () => {
    const before = await billedRows(acme.tenantId);
    const response = await graphql(gateway.graphqlUrl, DETECT, { texts: ["Das ist ein schönes Haus.", "1234"] }, acme.key);
    expect(response.data?.detectLanguage[0].language).toBe("de");
    expect(response.data?.detectLanguage[0].confidence).toBeGreaterThan(0.3);
    expect(response.data?.detectLanguage[0].confidence).toBeLessThanOrEqual(1);
    expect(response.data?.detectLanguage[1]).toEqual({ language: null, confidence: 0 });
    expect(await billedRows(acme.tenantId)).toBe(before);
    expect(errorCode(await graphql(gateway.graphqlUrl, DETECT, { texts: [] }, acme.key))).toBe("BAD_USER_INPUT");
    const tooMany = await graphql(gateway.graphqlUrl, DETECT, { texts: Array.from({ length: 201 }, () => "x") }, acme.key);
    expect(errorCode(tooMany)).toBe("BAD_USER_INPUT");
    const trainOnly = await gateway.createTenantWithKey({}, ["TRAIN"]);
    expect(errorCode(await graphql(gateway.graphqlUrl, DETECT, { texts: ["hello"] }, trainOnly.key))).toBe("FORBIDDEN");
    expect(errorCode(await graphql(gateway.graphqlUrl, DETECT, { texts: ["hello"] }))).toBe("UNAUTHENTICATED");
  });

  it.skipIf(!existsSync(TATOEBA_DIR))("detects ≥ 95% of 200 Tatoeba dev sentences per language correctly, through HTTP", async () => {
    const sets = {
      en: tatoebaDevSample("eng-fra", 0),
      fr: tatoebaDevSample("eng-fra", 1),
      de: tatoebaDevSample("eng-deu", 1),
      es: tatoebaDevSample("eng-spa", 1),
      zh: tatoebaDevSample("eng-cmn", 1),
    };
    const accuracy: Record<string, number> = {};
    for (const [language, texts] of Object.entries(sets)) {
      const response = await graphql(gateway.graphqlUrl, DETECT, { texts }, acme.key);
      expect(response.errors).toBeUndefined();
      const detected = response.data?.detectLanguage as { language: string | null }[];
      accuracy[language] = detected.filter((d) => d.language === language).length / texts.length;
    }
    console.log("detection accuracy on Tatoeba dev (200 sentences each):", accuracy);
    for (const value of Object.values(accuracy)) expect(value).toBeGreaterThanOrEqual(0.95);
  });
});
