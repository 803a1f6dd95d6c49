import type { ApolloServerPlugin } from "@apollo/server";

/**
 * A self-contained landing page for GET /graphql in a browser. Apollo's own
 * pages load scripts from Apollo's CDN; this one fetches nothing.
 */
export function localLandingPage(): ApolloServerPlugin {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Parley GraphQL API</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem;color:#222}
code,pre{background:#f3f3f3;border-radius:4px;padding:.1rem .3rem}pre{padding:1rem;overflow:auto}</style></head>
<body><h1>Parley</h1><p>This is the Parley translation API. Send GraphQL <code>POST</code> requests to this URL
with <code>Content-Type: application/json</code> and <code>Authorization: Bearer pk_...</code>.</p>
<pre>curl -s $URL -H 'content-type: application/json' -H "authorization: Bearer $PARLEY_KEY" \\
  -d '{"query":"mutation { translate(input: {model: \\"eng-fra\\", texts: [\\"Hello\\"]}) { translations { text } } }"}'</pre>
<p>Health: <a href="/healthz">/healthz</a>, <a href="/readyz">/readyz</a>. Metrics: <a href="/metrics">/metrics</a>.</p>
</body></html>`;
  return {
    async serverWillStart() {
      return { async renderLandingPage() { return { html }; } };
    },
  };
}
