import type { Resolvers } from "../../graphql/generated/resolvers-types.js";
import { translate } from "./service.js";

export const translateResolvers: Resolvers = {
  Mutation: {
    translate: (_parent, { input }, context) => translate(context, input),
  },
  Translation: {
    // Responses stored before markup support (replayed for an idempotency key) billed every input character.
    billedCharacters: (translation) => translation.billedCharacters ?? translation.inputCharacters,
    detectedSourceLanguage: (translation) => translation.detectedSourceLanguage ?? null,
  },
};
