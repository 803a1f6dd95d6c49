import type { Resolvers } from "../../graphql/generated/resolvers-types.js";
import { translate } from "./service.js";

export const translateResolvers: Resolvers = {
  Mutation: {
    translate: (_parent, { input }, context) => translate(context, input),
  },
};
