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

  // Numbers are masked as placeholders; one the model drops is decoded again with a beam that must place it
  // (decoding/placeholder-coverage.ts) instead of being appended after the sentence ("Tom hat Brüder. 3").
  const withNumbers: Record<string, string[]> = {
    eng: ["I have 3 cats.", "Tom has 3 brothers.", "I bought 2 apples and 5 oranges.", "We need 100 chairs for the party.", "She is 25 years old.", "It costs 12 dollars.", "The meeting is at 10:30 tomorrow.", "I was born in 1990.", "There are 7 days in a week.", "He read 4 books last month.", "My phone number is 555-0199.", "Open page 42 of your book."],
    fra: ["J'ai 3 chats.", "Tom a 3 frères.", "Nous avons besoin de 100 chaises.", "Elle a 25 ans.", "Ça coûte 12 euros.", "Il y a 7 jours dans une semaine.", "J'ai lu 4 livres le mois dernier.", "Je suis né en 1990."],
    deu: ["Ich habe 3 Katzen.", "Tom hat 3 Brüder.", "Wir brauchen 100 Stühle.", "Sie ist 25 Jahre alt.", "Es kostet 12 Euro.", "Eine Woche hat 7 Tage.", "Ich habe letzten Monat 4 Bücher gelesen.", "Ich wurde 1990 geboren."],
    spa: ["Tengo 3 gatos.", "Tom tiene 3 hermanos.", "Necesitamos 100 sillas.", "Ella tiene 25 años.", "Cuesta 12 euros.", "Una semana tiene 7 días.", "Leí 4 libros el mes pasado.", "Nací en 1990."],
  };
  it("puts every number inside the translation, before its final punctuation", async () => {
    const sources = withNumbers[shipped.name.slice(0, 3)]!;
    const translations = await model.translate(sources);
    translations.forEach(({ text }, i) => {
      // Every source ends with a full stop; an appended number would follow the translation's last one.
      const lastStop = Math.max(...[".", "!", "?"].map((stop) => text.lastIndexOf(stop)));
      for (const number of sources[i]!.match(/\d+(?:[.,:/-]\d+)*/g)!) {
        const at = text.indexOf(number);
        expect(at, `${sources[i]} → ${text}`).toBeGreaterThanOrEqual(0);
        expect(at, `${sources[i]} → ${text}`).toBeLessThan(lastStop);
      }
    });
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
