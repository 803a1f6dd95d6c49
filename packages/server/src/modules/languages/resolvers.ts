import { requireCaller } from "../../auth/access.js";
import type { Resolvers } from "../../graphql/generated/resolvers-types.js";
import { detectableLanguages, detectLanguage, languages } from "./service.js";

export const languageResolvers: Resolvers = {
  Query: {
    languages: (_parent, _args, context) => languages(context),
    detectableLanguages: async (_parent, _args, context) =>
      [...(await detectableLanguages(context, requireCaller(context.caller).tenant.id))].sort(),
    detectLanguage: (_parent, { texts }, context) => detectLanguage(context, texts),
  },
};
