import { makeExecutableSchema } from "@graphql-tools/schema";
import type { GraphQLSchema } from "graphql";
import { guardStringArguments } from "./guard-string-arguments.js";
import { modules, type GatewayModule } from "./modules.js";

export function buildSchema(from: GatewayModule[] = modules): GraphQLSchema {
  const schema = makeExecutableSchema({
    typeDefs: from.map((module) => module.typeDefs),
    resolvers: from.map((module) => module.resolvers) as never,
  });
  return guardStringArguments(schema);
}
