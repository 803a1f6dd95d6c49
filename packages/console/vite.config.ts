import { defineConfig } from "vite";

// Built into dist/ and served by the gateway at /console (packages/server/src/http/console.ts).
export default defineConfig({
  base: "/console/",
  // JSX with React's automatic runtime (Vite's Oxc transform); no Fast Refresh needed for a served bundle.
  oxc: { jsx: { runtime: "automatic" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // No data: URIs: every asset is a file on the gateway's origin, as the Content-Security-Policy requires.
    assetsInlineLimit: 0,
    sourcemap: false,
    // Two pages: the console, and GraphiQL (large: Monaco) loaded only at /console/graphql.
    rollupOptions: { input: { index: "index.html", graphql: "graphql.html" } },
  },
});
