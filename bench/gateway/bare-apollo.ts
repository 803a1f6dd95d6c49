import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";

/** The baseline: Apollo Server 5 on Express 5 with one trivial field, nothing else. */
export async function startBareApollo(): Promise<{ url: string; stop(): Promise<void> }> {
  const apollo = new ApolloServer({ typeDefs: "type Query { ok: Boolean }", resolvers: { Query: { ok: () => true } } });
  await apollo.start();
  const app = express();
  app.use("/graphql", express.json(), expressMiddleware(apollo));
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    async stop() {
      await apollo.stop();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
