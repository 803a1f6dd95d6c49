import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";

/** A request as the server received it. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body parsed as JSON, if it was JSON. */
  json: { query?: string; operationName?: string; variables?: Record<string, unknown> } | undefined;
  /** performance.now() when the request arrived. */
  receivedAt: number;
}

export interface ScriptedResponse {
  status?: number;
  headers?: Record<string, string>;
  /** Sent as JSON unless it is a string. */
  body?: unknown;
  /** Wait this long before answering (to provoke timeouts). */
  delayMs?: number;
}

export type Responder = (request: RecordedRequest, index: number) => ScriptedResponse | Promise<ScriptedResponse>;

export interface ScriptedServer {
  url: string;
  requests: RecordedRequest[];
  /** Milliseconds between consecutive requests' arrivals. */
  gaps(): number[];
  close(): Promise<void>;
}

/** The given responses in order; the last one repeats. */
export function inSequence(...responses: ScriptedResponse[]): Responder {
  return (_request, index) => responses[Math.min(index, responses.length - 1)] ?? { status: 500 };
}

/** `{ data }` for a GraphQL operation. */
export function graphqlData(data: unknown, headers: Record<string, string> = {}): ScriptedResponse {
  return { status: 200, headers, body: { data } };
}

/** A GraphQL error with `extensions.code` (plus more extensions), in a response of `status`. */
export function graphqlError(code: string, status = 200, extensions: Record<string, unknown> = {}, headers: Record<string, string> = {}): ScriptedResponse {
  return { status, headers, body: { errors: [{ message: `failed with ${code}`, extensions: { code, ...extensions } }], data: null } };
}

/** A local HTTP server that answers each request as `respond` says and records it. */
export async function startScriptedServer(respond: Responder): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<import("node:net").Socket>();
  const server = createServer((incoming, outgoing) => {
    const receivedAt = performance.now();
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const body = Buffer.concat(chunks);
      const request: RecordedRequest = {
        method: incoming.method ?? "",
        path: incoming.url ?? "",
        headers: incoming.headers,
        body,
        json: parseJson(body),
        receivedAt,
      };
      const index = requests.push(request) - 1;
      void Promise.resolve(respond(request, index)).then((response) => answer(outgoing, response));
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    gaps: () => requests.slice(1).map((request, index) => request.receivedAt - (requests[index]?.receivedAt ?? 0)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function answer(outgoing: ServerResponse, response: ScriptedResponse): Promise<void> {
  if (response.delayMs) await new Promise((resolve) => setTimeout(resolve, response.delayMs));
  if (outgoing.destroyed) return;
  const text = typeof response.body === "string" ? response.body : response.body === undefined ? "" : JSON.stringify(response.body);
  const contentType = typeof response.body === "string" ? "text/plain" : "application/json";
  outgoing.writeHead(response.status ?? 200, { "content-type": contentType, ...response.headers });
  outgoing.end(text);
}

function parseJson(body: Buffer): RecordedRequest["json"] {
  try {
    return JSON.parse(body.toString("utf8")) as RecordedRequest["json"];
  } catch {
    return undefined;
  }
}

/** A port nothing listens on (bound, then released). */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A recorded multipart/form-data body, parsed. */
export function readForm(request: RecordedRequest): Promise<FormData> {
  const contentType = request.headers["content-type"] ?? "";
  return new Request("http://form.invalid/", { method: "POST", headers: { "content-type": contentType }, body: new Uint8Array(request.body) }).formData();
}
