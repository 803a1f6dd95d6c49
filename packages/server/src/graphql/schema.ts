import { makeExecutableSchema } from "@graphql-tools/schema";
import type { GraphQLSchema } from "graphql";
import { modules, type GatewayModule } from "./modules.js";

export function buildSchema(from: GatewayModule[] = modules): GraphQLSchema {
  return makeExecutableSchema({
    typeDefs: from.map((module) => module.typeDefs),
    resolvers: from.map((module) => module.resolvers) as never,
  });
}
