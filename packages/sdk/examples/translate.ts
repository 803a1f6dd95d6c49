/**
 * Translates the command-line arguments.
 *   PARLEY_API_KEY=pk_... pnpm exec tsx packages/sdk/examples/translate.ts "Good morning." "Thank you."
 * PARLEY_MODEL picks the model (default eng-fra).
 */
import { APIError, Parley } from "../src/index.js";

const texts = process.argv.slice(2);
if (texts.length === 0) texts.push("Hello, how are you?");
const client = new Parley();

try {
  const { data, response, requestId } = await client.translations
    .create({ model: process.env.PARLEY_MODEL ?? "eng-fra", texts })
    .withResponse();
  for (const [index, translation] of data.translations.entries()) console.log(`${texts[index]}\n  → ${translation.text}`);
  console.log(`\nmodel ${data.model.name} v${data.modelVersion.version}; billed ${data.usage.billedCharacters} characters`);
  console.log(`request ${requestId ?? "-"}; rate limit remaining ${response.headers.get("x-ratelimit-remaining") ?? "-"}`);
} catch (error) {
  if (!(error instanceof APIError)) throw error;
  console.error(`${error.name}: ${error.message} (request ${error.requestId ?? "-"})`);
  process.exitCode = 1;
}
