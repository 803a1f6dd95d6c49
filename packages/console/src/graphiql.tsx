import { APIError } from "@parley/sdk";
import { GraphiQL } from "graphiql";
import "graphiql/setup-workers/vite";
import "graphiql/style.css";
import { createRoot } from "react-dom/client";
import { clientFor, storedKey } from "./session.js";
import "./graphiql.css";

type FetcherParams = { query: string; variables?: Record<string, unknown> | null; operationName?: string | null };

/** GraphiQL over @parley/sdk with the key signed in on the console (this tab's sessionStorage). */
function Explorer({ apiKey }: { apiKey: string }) {
  const client = clientFor(apiKey);
  const fetcher = async ({ query, variables }: FetcherParams) => {
    try {
      return { data: await client.graphql<unknown, Record<string, unknown>>(query, variables ?? {}, { maxRetries: 0 }) };
    } catch (error) {
      // GraphQL errors are part of the answer GraphiQL shows, not a failure of the fetch.
      if (error instanceof APIError && typeof error.body === "object" && error.body !== null) return error.body;
      throw error;
    }
  };
  return <GraphiQL fetcher={fetcher} defaultQuery={"query Me {\n  viewer {\n    tenant { name quota { used limit resetsAt } }\n    scopes\n  }\n}\n"} />;
}

function SignInFirst() {
  return (
    <main className="graphiql-sign-in">
      <h1>Parley GraphQL explorer</h1>
      <p>
        <a href="/console/">Sign in to the console</a> first: the explorer uses the key you signed in with.
      </p>
    </main>
  );
}

const apiKey = storedKey();
createRoot(document.getElementById("graphiql")!).render(apiKey ? <Explorer apiKey={apiKey} /> : <SignInFirst />);
