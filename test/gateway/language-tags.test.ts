import { describe, expect, it } from "vitest";
import { errorCode, graphql } from "../support/gateway.js";
import { useTestGateway } from "../support/use-test-gateway.js";

const CREATE_MODEL = `mutation M($input: CreateModelInput!) { createModel(input: $input) { name sourceLanguage targetLanguage } }`;

// translate routes by ISO 639-1 codes: a model or dataset tagged "eng" could never be reached by language, nor
// fine-tuned from the public "en" models, so such tags are refused where they are given.
describe("language tags of models and datasets", () => {
  const gateway = useTestGateway();

  it("takes ISO 639-1 languages with subtags and refuses three-letter ones, creating nothing", async () => {
    const { key, tenantId } = await gateway.createTenantWithKey({}, ["TRAIN", "READ"]);
    const create = (name: string, sourceLanguage: string, targetLanguage: string) =>
      graphql(gateway.graphqlUrl, CREATE_MODEL, { input: { name, sourceLanguage, targetLanguage } }, key);
    expect((await create("ok-zh", "zh-Hans", "en")).data?.createModel).toEqual({ name: "ok-zh", sourceLanguage: "zh-Hans", targetLanguage: "en" });
    for (const [source, target] of [["eng", "deu"], ["en", "fra"], ["EN", "fr"], ["en_US", "fr"]]) {
      const refused = await create(`bad-${source}-${target}`, source!, target!);
      expect(errorCode(refused), `${source} → ${target}`).toBe("BAD_USER_INPUT");
      expect(refused.errors?.[0]?.message).toMatch(/ISO 639-1/);
    }
    expect(await gateway.db.prisma.model.count({ where: { ownerTenantId: tenantId } })).toBe(1);

    const form = new FormData();
    for (const [field, value] of Object.entries({ name: "pairs", sourceLanguage: "eng", targetLanguage: "fr" })) form.append(field, value);
    form.append("file", new Blob(["hello\tbonjour\n"]), "pairs.tsv");
    const upload = await fetch(`${gateway.url}/v1/datasets`, { method: "POST", body: form, headers: { authorization: `Bearer ${key}` } });
    expect(upload.status).toBe(400);
    expect(((await upload.json()) as { error: { code: string } }).error.code).toBe("BAD_USER_INPUT");
    expect(await gateway.db.prisma.dataset.count({ where: { tenantId } })).toBe(0);
  });
});
