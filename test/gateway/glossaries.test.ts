import { readFileSync } from "node:fs";
import path from "node:path";
import { shippedModels } from "@parley/models";
import { beforeAll, describe, expect, it } from "vitest";
import { errorCode, graphql } from "../support/gateway.js";
import { TATOEBA_DIR, publishPairModel } from "../support/language-models.js";
import { useTestGateway } from "../support/use-test-gateway.js";

const CREATE = `mutation C($input: CreateGlossaryInput!) {
  createGlossary(input: $input) { id name sourceLanguage targetLanguage entryCount entries(first: 2, offset: 1) { source target } }
}`;
const GET = `query G($id: ID!) { glossary(id: $id) { id name entryCount } }`;
const LIST = `{ glossaries { id name } }`;
const DELETE = `mutation D($id: ID!) { deleteGlossary(id: $id) { id } }`;
const TRANSLATE = `mutation T($input: TranslateInput!) {
  translate(input: $input) { translations { text } usage { billedCharacters } }
}`;

/**
 * Terms whose targets the model would not choose by itself (French slang and near-synonyms), so a target term in the
 * output shows the glossary at work.
 */
const TERMS: Record<string, string> = {
  car: "automobile", house: "demeure", dog: "toutou", book: "bouquin", money: "fric",
  doctor: "toubib", friend: "pote", job: "boulot", cat: "matou", teacher: "prof",
};
const TERM = new RegExp(`\\b(${Object.keys(TERMS).join("|")})\\b`, "i");

/** Up to 60 sentences of Tatoeba eng-fra's test set holding a term (read from ../shared, never copied). */
function sentencesWithTerms(): string[] {
  const sources = readFileSync(path.join(TATOEBA_DIR, "eng-fra", "test.tsv"), "utf8").trim().split("\n").map((line) => line.split("\t")[0]!);
  return sources.filter((source) => TERM.test(source)).slice(0, 60);
}

describe("glossaries", () => {
  const gateway = useTestGateway();
  let key: string;
  let tenantId: string;
  let otherKey: string;
  const call = (query: string, variables: Record<string, unknown>, as = key) => graphql(gateway.graphqlUrl, query, variables, as);
  const create = (input: Record<string, unknown>, as = key) =>
    call(CREATE, { input: { sourceLanguage: "en", targetLanguage: "fr", ...input } }, as);
  const translate = (input: Record<string, unknown>, as = key) => call(TRANSLATE, { input: { model: "eng-fra", ...input } }, as);
  const ledgerRows = () => gateway.db.prisma.usageRecord.count({ where: { tenantId } });

  beforeAll(async () => {
    ({ key, tenantId } = await gateway.createTenantWithKey({ requestsPerMinute: 10_000, maxConcurrentRequests: 100 }));
    ({ key: otherKey } = await gateway.createTenantWithKey({ requestsPerMinute: 10_000 }));
    const engFra = shippedModels().find((model) => model.name === "eng-fra")!;
    await gateway.publishTinyModel("eng-fra", { artifactPath: engFra.dir });
    await publishPairModel(gateway, "tiny-en-de", "en", "de");
  }, 300_000);

  it("creates a glossary from entries and from TSV or CSV text, and reads it back page by page", async () => {
    const fromList = await create({ name: "list", entries: [{ source: " car ", target: "automobile" }, { source: "dog", target: "toutou" }, { source: "cat", target: "matou" }] });
    expect(fromList.errors).toBeUndefined();
    expect(fromList.data?.createGlossary).toMatchObject({ name: "list", entryCount: 3, entries: [{ source: "dog", target: "toutou" }, { source: "cat", target: "matou" }] });
    const tsv = await create({ name: "tsv", entriesText: "car\tautomobile\n\nhouse\tdemeure\n" });
    expect(tsv.data?.createGlossary.entryCount).toBe(2);
    const csv = await create({ name: "csv", entriesText: 'car,automobile\n"New York, NY","New York, État de New York"\n', entriesFormat: "CSV" });
    expect(csv.data?.createGlossary).toMatchObject({ entryCount: 2, entries: [{ source: "New York, NY", target: "New York, État de New York" }] });
    const id = fromList.data?.createGlossary.id as string;
    expect((await call(GET, { id })).data?.glossary).toMatchObject({ id, name: "list", entryCount: 3 });
    expect((await call(LIST, {})).data?.glossaries.map((g: { name: string }) => g.name)).toEqual(["csv", "tsv", "list"]);
  });

  it("refuses bad entries with every problem's line number and stores nothing", async () => {
    const before = await gateway.db.prisma.glossary.count({ where: { tenantId } });
    const response = await create({ name: "bad", entriesText: "car\tautomobile\ndog\ttoutou\textra\nCAR\tvoiture\n\ttarget\nok\tfine\n" });
    expect(response.status).toBe(400);
    expect(errorCode(response)).toBe("BAD_USER_INPUT");
    expect(response.errors?.[0]?.extensions?.issues).toEqual([
      { line: 2, code: "columns", message: "expected 2 columns (source, target), found 3" },
      { line: 3, code: "duplicate-source", message: 'source term "CAR" is already on line 1' },
      { line: 4, code: "empty-term", message: "source term is empty" },
    ]);
    const unclosed = await create({ name: "bad", entriesText: 'a,b\n"c,d\n', entriesFormat: "CSV" });
    expect(errorCode(unclosed)).toBe("BAD_USER_INPUT");
    expect(errorCode(await create({ name: "bad", entries: [] }))).toBe("BAD_USER_INPUT");
    expect(errorCode(await create({ name: "bad", entries: [{ source: "a", target: "b" }], entriesText: "a\tb" }))).toBe("BAD_USER_INPUT");
    expect(errorCode(await create({ name: "bad", sourceLanguage: "english", entries: [{ source: "a", target: "b" }] }))).toBe("BAD_USER_INPUT");
    expect(await gateway.db.prisma.glossary.count({ where: { tenantId } })).toBe(before);
    const taken = await create({ name: "list", entries: [{ source: "a", target: "b" }] });
    expect(taken.status).toBe(409);
    expect(errorCode(taken)).toBe("CONFLICT");
  });

  it("renders every term as its target term in ≥ 95% of the test sentences that hold one, and without it the model does not", async () => {
    const glossary = await create({ name: "slang", entries: Object.entries(TERMS).map(([source, target]) => ({ source, target })) });
    const glossaryId = glossary.data?.createGlossary.id as string;
    const texts = sentencesWithTerms();
    expect(texts.length).toBeGreaterThanOrEqual(40);
    const expected = texts.map((text) => TERMS[text.match(TERM)![1]!.toLowerCase()]!);
    const withTerms = await translate({ texts, glossaryId });
    const without = await translate({ texts });
    expect(withTerms.errors).toBeUndefined();
    const outputs = withTerms.data?.translate.translations.map((t: { text: string }) => t.text) as string[];
    const plain = without.data?.translate.translations.map((t: { text: string }) => t.text) as string[];
    const hits = outputs.filter((output, i) => new RegExp(`(^|\\P{L})${expected[i]}(\\P{L}|$)`, "iu").test(output)).length;
    expect(hits / texts.length).toBeGreaterThanOrEqual(0.95);
    expect(plain.filter((output, i) => output.toLowerCase().includes(expected[i]!)).length / texts.length).toBeLessThan(0.2);
    // Billed as the plain request: glossaries cost nothing extra.
    expect(withTerms.data?.translate.usage.billedCharacters).toBe(without.data?.translate.usage.billedCharacters);
  });

  it("keeps glossaries to their tenant: another tenant's is NOT_FOUND everywhere and nothing is billed", async () => {
    const own = await create({ name: "mine", entries: [{ source: "car", target: "automobile" }] });
    const id = own.data?.createGlossary.id as string;
    const rows = await ledgerRows();
    for (const response of [
      await call(GET, { id }, otherKey),
      await call(DELETE, { id }, otherKey),
      await translate({ texts: ["My car is red."], glossaryId: id }, otherKey),
      await translate({ texts: ["My car is red."], glossaryId: "00000000-0000-4000-8000-000000000000" }),
      await translate({ texts: ["My car is red."], glossaryId: "not-a-uuid" }),
    ]) {
      expect(response.status).toBe(404);
      expect(errorCode(response)).toBe("NOT_FOUND");
    }
    expect((await call(LIST, {}, otherKey)).data?.glossaries).toEqual([]);
    expect(await ledgerRows()).toBe(rows);
    expect((await call(GET, { id })).data?.glossary.id).toBe(id);
  });

  it("refuses a glossary for another language pair or with sourceLanguage auto, before anything is billed", async () => {
    const own = await create({ name: "pair", entries: [{ source: "car", target: "automobile" }] });
    const glossaryId = own.data?.createGlossary.id as string;
    const rows = await ledgerRows();
    const otherPair = await translate({ model: "tiny-en-de", texts: ["car"], glossaryId });
    expect(errorCode(otherPair)).toBe("BAD_USER_INPUT");
    expect(otherPair.errors?.[0]?.message).toContain("en→fr");
    const auto = await translate({ texts: ["My car"], sourceLanguage: "auto", glossaryId });
    expect(errorCode(auto)).toBe("BAD_USER_INPUT");
    expect(await ledgerRows()).toBe(rows);
  });

  it("deletes a glossary: later requests naming it are NOT_FOUND", async () => {
    const own = await create({ name: "gone", entries: [{ source: "car", target: "automobile" }] });
    const id = own.data?.createGlossary.id as string;
    expect((await call(DELETE, { id })).data?.deleteGlossary.id).toBe(id);
    expect(errorCode(await translate({ texts: ["My car"], glossaryId: id }))).toBe("NOT_FOUND");
    expect(errorCode(await call(DELETE, { id }))).toBe("NOT_FOUND");
  });

  it("needs the TRANSLATE scope to create or delete", async () => {
    const { key: readOnly } = await gateway.createTenantWithKey({}, ["READ"]);
    const response = await create({ name: "x", entries: [{ source: "a", target: "b" }] }, readOnly);
    expect(errorCode(response)).toBe("FORBIDDEN");
    expect((await call(LIST, {}, readOnly)).data?.glossaries).toEqual([]);
  });
});
