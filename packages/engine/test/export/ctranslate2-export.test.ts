import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { greedyDecode } from "../../src/decoding/greedy.js";
import { noRepetitionGuard } from "../../src/decoding/repetition-guard.js";
import { exportCTranslate2 } from "../../src/export/export-ctranslate2.js";
import { presetConfig } from "../../src/models/config.js";
import { createModel } from "../../src/models/create-model.js";
import { train } from "../../src/training/trainer.js";
import { TranslationModel } from "../../src/translator.js";
import { useWasmBackend } from "../support/backend.js";
import { CharTokenizer } from "../support/char-tokenizer.js";
import { ctranslate2Python } from "../../src/export/ctranslate2-peer.js";
import { reversalTask } from "../support/synthetic.js";

/** Greedy decoding in CTranslate2 of source ids (EOS added by its config); returns output ids per source. */
const CT2_GREEDY = `
import json, sys, ctranslate2
sources = json.load(sys.stdin)
translator = ctranslate2.Translator(sys.argv[1], device="cpu", intra_threads=1)
results = translator.translate_batch([[str(t) for t in s] for s in sources], beam_size=1, max_decoding_length=int(sys.argv[2]))
print(json.dumps([[int(t) for t in r.hypotheses[0]] for r in results]))
`;

describe("export to CTranslate2", () => {
  let dir: string;
  let model: TranslationModel;
  const sources = reversalTask(60, { symbols: 10, minLength: 2, maxLength: 9, seed: 11 }).map((pair) => pair.source);

  beforeAll(async () => {
    await useWasmBackend();
    dir = await mkdtemp(path.join(tmpdir(), "parley-ct2-"));
    const tokenizer = new CharTokenizer([..."abcdefghij"]);
    const config = { ...presetConfig("transformer", "tiny", tokenizer.vocabSize), dropout: 0 };
    const seq2seq = createModel(config, 3);
    const data = reversalTask(400, { symbols: 10, minLength: 2, maxLength: 9, seed: 1 });
    await train({ model: seq2seq, train: data, dev: data.slice(0, 40), seed: 2, maxSteps: 120, maxTokensPerBatch: 200, warmupSteps: 5, peakLearningRate: 3e-3 });
    model = TranslationModel.fromParts({ model: seq2seq, tokenizer });
    await model.save(path.join(dir, "model"));
    await exportCTranslate2(path.join(dir, "model"), path.join(dir, "ct2"));
  }, 120_000);

  afterAll(async () => {
    model?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it("writes CTranslate2's files with the vocabulary as Parley ids", async () => {
    const vocabulary = JSON.parse(await readFile(path.join(dir, "ct2", "shared_vocabulary.json"), "utf8")) as string[];
    expect(vocabulary.slice(0, 6)).toEqual(["<blank>", "<unk>", "<s>", "</s>", "4", "5"]);
    const header = await readFile(path.join(dir, "ct2", "model.bin"));
    expect(header.readUInt32LE(0)).toBe(6);
    expect(header.subarray(6, 6 + "TransformerSpec".length).toString()).toBe("TransformerSpec");
  });

  it("decodes greedily to exactly Parley's outputs in CTranslate2", () => {
    const parley = greedyDecode(model.seq2seq, sources, { repetitionGuard: noRepetitionGuard, lengthLimit: { ratio: 0, extra: 20 } }).map((h) => h.tokens);
    expect(parley.filter((tokens) => tokens.length > 0).length).toBeGreaterThan(50);
    const { python, env } = ctranslate2Python();
    const output = execFileSync(python, ["-c", CT2_GREEDY, path.join(dir, "ct2"), "20"], { env, input: JSON.stringify(sources), encoding: "utf8" });
    const ct2 = JSON.parse(output) as number[][];
    expect(ct2).toEqual(parley);
  }, 120_000);

  it("refuses an LSTM model with a clear error", async () => {
    const tokenizer = new CharTokenizer([..."ab"]);
    const lstm = TranslationModel.fromParts({ model: createModel(presetConfig("lstm", "tiny", tokenizer.vocabSize), 1), tokenizer });
    await lstm.save(path.join(dir, "lstm"));
    lstm.dispose();
    await expect(exportCTranslate2(path.join(dir, "lstm"), path.join(dir, "lstm-ct2"))).rejects.toThrow("only Transformer models export to CTranslate2");
  });
});
