import { existsSync } from "node:fs";
import path from "node:path";
import express, { type Response, type Router } from "express";
import { repoRoot } from "../paths.js";

/** Where `pnpm install` (the console package's postinstall) builds the console. */
export const CONSOLE_DIST = path.join(repoRoot, "packages", "console", "dist");

/**
 * Same origin only, no inline scripts. GraphiQL's editor (Monaco) inserts <style> elements and
 * its stylesheet embeds its fonts as data: URIs, so only its page allows those; scripts stay 'self' everywhere.
 */
const POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
];
export const CONSOLE_CSP = [...POLICY, "style-src 'self'", "font-src 'self'"].join("; ");
export const GRAPHIQL_CSP = [...POLICY, "style-src 'self' 'unsafe-inline'", "font-src 'self' data:"].join("; ");

function secure(response: Response, policy: string): void {
  response.set({
    "Content-Security-Policy": policy,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
  });
}

/**
 * The web console at /console: the built files with a strict Content-Security-Policy,
 * /console/graphql for GraphiQL, and index.html for every other page path (the app routes in the browser).
 */
export function consoleRoutes(dist: string = CONSOLE_DIST): Router {
  const router = express.Router();
  router.use((_request, response, next) => {
    secure(response, CONSOLE_CSP);
    next();
  });
  if (!existsSync(path.join(dist, "index.html"))) {
    router.use((_request, response) => {
      response.status(503).json({
        error: { code: "CONSOLE_NOT_BUILT", message: "The console is not built: run `pnpm install` or `pnpm --filter @parley/console build`." },
      });
    });
    return router;
  }
  const notFound = (_request: express.Request, response: Response) => {
    response.status(404).json({ error: { code: "NOT_FOUND", message: "Not found." } });
  };
  const page = (file: string, policy: string) => (request: express.Request, response: Response) => {
    secure(response, policy);
    response.set("Cache-Control", "no-cache").sendFile(path.join(dist, file), (error) => {
      if (error && !response.headersSent) notFound(request, response);
    });
  };
  router.get(["/graphql", "/graphql/"], page("graphql.html", GRAPHIQL_CSP));
  // Hashed file names: cached for good.
  router.use("/assets", express.static(path.join(dist, "assets"), { immutable: true, maxAge: "365d", index: false }), notFound);
  router.use(express.static(dist, { index: false, redirect: false }));
  router.get(/.*/, page("index.html", CONSOLE_CSP));
  router.use(notFound);
  return router;
}
