/**
 * The shipped model versions: intact, loadable, as good as their cards say on the first test sentences, and
 * carrying numbers, URLs, placeholders, emoji and tags through unchanged.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  TranslationModel, chooseBleuTokenizer, readParallelTsv, scoreTranslations, verifyChecksums,
} from "@parley/engine";
import { shippedModels, type ShippedModel } from "../src/index.js";

const CORPORA = path.resolve(import.meta.dirname, "../../../../shared/corpora/tatoeba");
const models = shippedModels();

interface ReleaseMetrics {
  release: { testSet: string; firstSentences: { bleu: number; sentences: number; beam: number } };
}

async function releaseMetrics(model: ShippedModel): Promise<ReleaseMetrics> {
  return JSON.parse(await readFile(path.join(model.dir, "metrics.json"), "utf8")) as ReleaseMetrics;
}

it("ships the six public European pairs", () => {
  expect(models.map((m) => m.name)).toEqual(expect.arrayContaining(["eng-fra", "fra-eng", "eng-deu", "deu-eng", "eng-spa", "spa-eng"]));
});

describe.each(models.map((m) => [m.name, m] as const))("%s", (_, shipped) => {
  let model: TranslationModel;
  beforeAll(async () => {
    model = await TranslationModel.load(shipped.dir);
  });

  it("verifies its checksums and was trained to copy placeholders", async () => {
    await expect(verifyChecksums(shipped.dir, ["config.json", "tokenizer.json", "weights.bin", "weights.manifest.json", "metrics.json"])).resolves.toBeUndefined();
    expect(model.masksProtectedSpans).toBe(true);
  });

  it("scores on the first test sentences within 1.5 BLEU of its card", async () => {
    const { release } = await releaseMetrics(shipped);
    const corpus = release.testSet.split("/")[1]!;
    const reversed = release.testSet.endsWith("(reversed)");
    const testFile = path.join(CORPORA, corpus, "test.tsv");
    expect(existsSync(testFile), `${testFile} (../shared beside the repository)`).toBe(true);
    const pairs = (await readParallelTsv(testFile, { mode: "lenient", keepDuplicates: true })).pairs.slice(0, release.firstSentences.sentences);
    const sources = pairs.map((p) => (reversed ? p.target : p.source));
    const references = pairs.map((p) => (reversed ? p.source : p.target));
    const hypotheses = (await model.translate(sources, { beamSize: release.firstSentences.beam })).map((t) => t.text);
    const { bleu } = scoreTranslations(hypotheses, references, { tokenize: chooseBleuTokenizer(references) });
    expect(Math.abs(bleu.score - release.firstSentences.bleu)).toBeLessThanOrEqual(1.5);
  });

  const kept: [string, string, string[]][] = [
    ["a number", "I have 3 cats and 12,500 dollars.", ["3", "12,500"]],
    ["a URL", "Please visit https://example.com/help?id=42 today.", ["https://example.com/help?id=42"]],
    ["an e-mail address", "Write to support@example.org tomorrow.", ["support@example.org"]],
    ["format placeholders", "Hello {name}, you have {{count}} new messages from %s.", ["{name}", "{{count}}", "%s"]],
    ["emoji", "I love my family 👨‍👩‍👧 and my country 🇫🇷!", ["👨‍👩‍👧", "🇫🇷"]],
    ["inline tags", "<b>Hello</b> <i>world</i>!", ["<b>", "</b>", "<i>", "</i>"]],
    ["a name in another script", "My friend محمد is a doctor.", ["محمد"]],
  ];
  it.each(kept)("keeps %s", async (_, input, spans) => {
    const [translation] = await model.translate([input]);
    for (const span of spans) expect(translation!.text).toContain(span);
  });

  it("keeps the words wrapped by inline tags inside them", async () => {
    const [translation] = await model.translate(["<b>Tom</b> is here."]);
    expect(translation!.text).toMatch(/<b>\s*Tom\s*<\/b>/);
  });

  it.each(["a".repeat(450), "ha ha ha ha ha ha ha ha ha ha ha ha", "The the the the the the the the the."])(
    "never repeats a word more than 3 times in a row (%s)",
    async (input) => {
      const [translation] = await model.translate([input]);
      const words = translation!.text.split(/\s+/).filter((w) => w !== "");
      let run = 1;
      for (let i = 1; i < words.length; i++) {
        run = words[i] === words[i - 1] ? run + 1 : 1;
        expect(run, translation!.text).toBeLessThanOrEqual(3);
      }
    },
  );
});
