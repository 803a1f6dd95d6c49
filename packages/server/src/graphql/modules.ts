import { readFileSync } from "node:fs";
import { commonResolvers } from "../modules/common/resolvers.js";
import { glossaryResolvers } from "../modules/glossaries/resolvers.js";
import { languageResolvers } from "../modules/languages/resolvers.js";
import { keyResolvers } from "../modules/keys/resolvers.js";
import { modelResolvers } from "../modules/models/resolvers.js";
import { releaseResolvers } from "../modules/models/release-resolvers.js";
import { datasetResolvers } from "../modules/datasets/resolvers.js";
import { documentResolvers } from "../modules/documents/resolvers.js";
import { trainingResolvers } from "../modules/training/resolvers.js";
import { tenantResolvers } from "../modules/tenants/resolvers.js";
import { translateResolvers } from "../modules/translate/resolvers.js";
import { usageResolvers } from "../modules/usage/resolvers.js";
import type { Resolvers } from "./generated/resolvers-types.js";

export interface GatewayModule {
  name: string;
  typeDefs: string;
  resolvers: Resolvers;
}

/** The SDL of `src/modules/<name>/schema.graphql`. */
export function moduleTypeDefs(name: string): string {
  return readFileSync(new URL(`../modules/${name}/schema.graphql`, import.meta.url), "utf8");
}

/** Every domain module of the API; the schema is their SDL and resolvers merged. */
export const modules: GatewayModule[] = [
  { name: "common", typeDefs: moduleTypeDefs("common"), resolvers: commonResolvers },
  { name: "tenants", typeDefs: moduleTypeDefs("tenants"), resolvers: tenantResolvers },
  { name: "keys", typeDefs: moduleTypeDefs("keys"), resolvers: keyResolvers },
  { name: "usage", typeDefs: moduleTypeDefs("usage"), resolvers: usageResolvers },
  {
    name: "models",
    typeDefs: moduleTypeDefs("models"),
    resolvers: { ...modelResolvers, Mutation: { ...modelResolvers.Mutation, ...releaseResolvers.Mutation } },
  },
  { name: "datasets", typeDefs: moduleTypeDefs("datasets"), resolvers: datasetResolvers },
  { name: "training", typeDefs: moduleTypeDefs("training"), resolvers: trainingResolvers },
  { name: "translate", typeDefs: moduleTypeDefs("translate"), resolvers: translateResolvers },
  { name: "languages", typeDefs: moduleTypeDefs("languages"), resolvers: languageResolvers },
  { name: "glossaries", typeDefs: moduleTypeDefs("glossaries"), resolvers: glossaryResolvers },
  { name: "documents", typeDefs: moduleTypeDefs("documents"), resolvers: documentResolvers },
];
