import { Parley, type ApiKeyScope, type Viewer } from "@parley/sdk";

/** The signed-in key lives in this tab's sessionStorage only: never in a URL, a cookie or a log. */
const STORAGE_KEY = "parley.console.apiKey";

export interface Session {
  client: Parley;
  viewer: Viewer;
}

/** A client for the gateway that served this page (same origin), with the given key. */
export function clientFor(apiKey: string): Parley {
  return new Parley({ apiKey, baseURL: window.location.origin, maxRetries: 1 });
}

export function storedKey(): string | null {
  return window.sessionStorage.getItem(STORAGE_KEY);
}

/** Checks the key against the gateway (viewer) and keeps it for this tab. */
export async function signIn(apiKey: string): Promise<Session> {
  const client = clientFor(apiKey.trim());
  const viewer = await client.viewer();
  window.sessionStorage.setItem(STORAGE_KEY, apiKey.trim());
  return { client, viewer };
}

export function signOut(): void {
  window.sessionStorage.removeItem(STORAGE_KEY);
}

/** ADMIN implies every scope, as on the gateway. */
export function hasScope(viewer: Viewer, scope: ApiKeyScope): boolean {
  return viewer.scopes.includes("ADMIN") || viewer.scopes.includes(scope);
}
