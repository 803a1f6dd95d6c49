/**
 * Lists every model the key can use, walking all pages.
 *   PARLEY_API_KEY=pk_... pnpm exec tsx packages/sdk/examples/list-models.ts
 */
import { Parley } from "../src/index.js";

const client = new Parley();
let count = 0;
for await (const model of client.models.list({ first: 20 })) {
  count++;
  const labels = model.labels.map((label) => `${label.name}→v${label.version}`).join(", ") || "no labels";
  const stable = model.versions.find((version) => version.labels.includes("stable"));
  const bleu = stable?.metrics.bleu == null ? "" : `, BLEU ${stable.metrics.bleu.toFixed(1)}`;
  console.log(`${model.name.padEnd(24)} ${model.sourceLanguage}→${model.targetLanguage} ${model.visibility.toLowerCase()} (${labels}${bleu})`);
}
console.log(`${count} model(s)`);
