import { BadUserInputError } from "../../errors/gateway-errors.js";
import type { GatewayContext } from "../../graphql/context.js";
import type { Resolvers } from "../../graphql/generated/resolvers-types.js";
import { GlossaryService, glossaryEntries } from "./glossary-service.js";

const glossaries = ({ services }: GatewayContext) => new GlossaryService(services.prisma);

const MAX_PAGE = 1_000;

export const glossaryResolvers: Resolvers = {
  Query: {
    glossaries: (_parent, _args, context) => glossaries(context).list(context.caller),
    glossary: (_parent, { id }, context) => glossaries(context).get(context.caller, id),
  },
  Mutation: {
    createGlossary: (_parent, { input }, context) => glossaries(context).create(context.caller, input),
    deleteGlossary: (_parent, { id }, context) => glossaries(context).delete(context.caller, id),
  },
  Glossary: {
    entries: (glossary, { first, offset }) => {
      const count = first ?? 100;
      const start = offset ?? 0;
      if (count < 1 || count > MAX_PAGE) throw new BadUserInputError(`first must be 1-${MAX_PAGE}.`, { field: "first" });
      if (start < 0) throw new BadUserInputError("offset must not be negative.", { field: "offset" });
      return glossaryEntries(glossary).slice(start, start + count);
    },
  },
};
