import { z } from "zod";

/** One shipped model version, as listed in `catalog.json`. */
export const catalogEntrySchema = z.object({
  name: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,62}$/, "lower-case letters, digits and -")
    .describe("Public model name clients ask for, e.g. `eng-fra`."),
  sourceLanguage: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/).describe("BCP 47 code of the input language, e.g. `en`."),
  targetLanguage: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/).describe("BCP 47 code of the output language, e.g. `fr`."),
  release: z
    .string()
    .regex(/^\d{4}\.\d{1,2}\.\d+$/, "YYYY.M.N")
    .describe("Release of the shipped version (YYYY.M.N); recorded in the registered version's metrics."),
  path: z
    .string()
    .min(1)
    .refine((value) => !value.startsWith("/") && !value.split(/[\\/]/).includes(".."), "a relative path inside packages/models")
    .describe("Directory under packages/models holding the version in the engine's artifact format (config.json, tokenizer.json, weights, metrics.json, checksum.sha256, MODEL_CARD.md)."),
  description: z.string().optional().describe("Shown as the public model's description; a default naming the languages and release otherwise."),
});

/** `catalog.json`: every model version the repository ships. */
export const catalogSchema = z
  .object({ models: z.array(catalogEntrySchema).describe("Shipped models, registered in this order at start.") })
  .superRefine((catalog, context) => {
    const seen = new Set<string>();
    catalog.models.forEach((model, index) => {
      if (seen.has(model.name)) context.addIssue({ code: "custom", path: ["models", index, "name"], message: `"${model.name}" is listed twice` });
      seen.add(model.name);
    });
  });

export type CatalogEntry = z.infer<typeof catalogEntrySchema>;
export type Catalog = z.infer<typeof catalogSchema>;
