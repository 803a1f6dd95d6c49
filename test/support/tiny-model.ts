import { mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { EngineModule, LoadedTranslationModel } from "../../packages/server/src/engine/engine-runtime-adapter.js";

// TEMPORARY(engine-merge): until @parley/engine exports TranslationModel, the
// "tiny model" is a word lexicon and the engine below translates word by word.
// At merge, getTinyModelDir() returns a real tiny trained artifact and
// loadTinyEngineModule() becomes `() => import("@parley/engine")` (the
// adapter's default), so tests run the real engine through the same adapter.

// TEMPORARY(engine-merge)
const ARTIFACT_FILE = "temporary-lexicon.json";
// TEMPORARY(engine-merge): made-up words, not corpus sentences.
const LEXICON: Record<string, string> = {
  hello: "bonjour",
  world: "monde",
  cat: "chat",
  dog: "chien",
  the: "le",
  red: "rouge",
  house: "maison",
  thank: "merci",
  you: "vous",
};

/** A directory holding a tiny model artifact, built once per machine. */
export async function getTinyModelDir(): Promise<string> {
  // TEMPORARY(engine-merge)
  const dir = path.join(os.tmpdir(), "parley-tiny-model-temporary-v1");
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, ARTIFACT_FILE), JSON.stringify({ kind: "temporary-lexicon", lexicon: LEXICON }));
  return dir;
}

// TEMPORARY(engine-merge): counts the temporary engine's working buffers, as
// tfjs counts live tensors, so a leak would show in the adapter's stats.
let liveBuffers = 0;

// TEMPORARY(engine-merge)
class TemporaryLexiconModel implements LoadedTranslationModel {
  constructor(private readonly lexicon: Record<string, string>) {}

  async translate(texts: string[], options: { maxLength?: number }) {
    liveBuffers += texts.length;
    try {
      await new Promise((resolve) => setImmediate(resolve));
      return texts.map((text) => {
        const words = text.toLowerCase().split(/\s+/).filter(Boolean);
        const output = words.slice(0, options.maxLength ?? 256).map((word) => this.lexicon[word] ?? word);
        return { text: output.join(" "), inputTokens: words.length + 1, outputTokens: output.length + 1 };
      });
    } finally {
      liveBuffers -= texts.length;
    }
  }

  dispose(): void {}
}

/** How the test gateway loads the engine. TEMPORARY(engine-merge): a stand-in module. */
export function loadTinyEngineModule(): Promise<EngineModule> {
  // TEMPORARY(engine-merge)
  return Promise.resolve({
    TranslationModel: {
      async load(dir: string) {
        const artifact = JSON.parse(await readFile(path.join(dir, ARTIFACT_FILE), "utf8")) as { lexicon: Record<string, string> };
        return new TemporaryLexiconModel(artifact.lexicon);
      },
    },
    liveTensors: () => liveBuffers,
  });
}
