import type { Response } from "express";
import { GatewayError } from "../../errors/gateway-errors.js";

/** Starts a server-sent event stream (text/event-stream) on an Express response. */
export function openEventStream(response: Response, headers: Record<string, string>): void {
  response.status(200).set({
    ...headers,
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache, no-transform",
    "x-accel-buffering": "no",
  });
  response.flushHeaders();
}

/** One event: `event: <name>` and its JSON data. */
export function sendEvent(response: Response, event: string, data: unknown): void {
  response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** The body of an error, shaped like a GraphQL error so the SDK maps it to the same typed error. */
export function errorBody(error: unknown, requestId: string): { errors: { message: string; extensions: Record<string, unknown> }[] } {
  if (error instanceof GatewayError) {
    const { http: _http, ...extensions } = error.extensions as Record<string, unknown>;
    return { errors: [{ message: error.message, extensions }] };
  }
  return { errors: [{ message: `Internal server error (request ${requestId}).`, extensions: { code: "INTERNAL_SERVER_ERROR", requestId } }] };
}

/** The HTTP headers a GatewayError asks for (Retry-After). */
export function errorHeaders(error: unknown): Record<string, string> {
  if (!(error instanceof GatewayError)) return {};
  const http = (error.extensions as { http?: { headers?: Map<string, string> } }).http;
  return Object.fromEntries(http?.headers ?? []);
}
