import { afterEach, describe, expect, it } from "vitest";
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  Parley,
  PermissionDeniedError,
  QuotaExceededError,
  RateLimitError,
} from "../src/index.js";
import { modelFixture } from "./support/fixtures.js";
import { graphqlData, graphqlError, inSequence, startScriptedServer, type ScriptedResponse, type ScriptedServer } from "./support/scripted-server.js";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function failureOf(response: ScriptedResponse): Promise<unknown> {
  server = await startScriptedServer(inSequence(response));
  const client = new Parley({ apiKey: "pk_test", baseURL: server.url, maxRetries: 0 });
  const error = await client.models.retrieve("eng-fra").catch((caught: unknown) => caught);
  await server.close();
  return error;
}

describe("error mapping", () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, BadRequestError],
    [429, RateLimitError],
    [500, InternalServerError],
    [503, InternalServerError],
    [418, APIError],
  ])("maps HTTP %i without a GraphQL code to %o", async (status, ErrorClass) => {
    const error = await failureOf({ status, headers: { "x-request-id": `req-${status}` }, body: { error: { message: "nope" } } });
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toMatchObject({ status, requestId: `req-${status}`, message: `${status}: nope` });
    expect((error as APIError).headers?.get("x-request-id")).toBe(`req-${status}`);
  });

  it.each([
    ["UNAUTHENTICATED", AuthenticationError],
    ["FORBIDDEN", PermissionDeniedError],
    ["NOT_FOUND", NotFoundError],
    ["BAD_USER_INPUT", BadRequestError],
    ["GRAPHQL_VALIDATION_FAILED", BadRequestError],
    ["CONFLICT", ConflictError],
    ["RATE_LIMITED", RateLimitError],
    ["CONCURRENCY_LIMITED", RateLimitError],
    ["MODEL_VERSION_UNAVAILABLE", ConflictError],
    ["QUOTA_EXCEEDED", QuotaExceededError],
    ["INTERNAL_SERVER_ERROR", InternalServerError],
    ["ENGINE_UNAVAILABLE", InternalServerError],
    ["SERVICE_UNAVAILABLE", InternalServerError],
    ["UNSUPPORTED_MEDIA_TYPE", BadRequestError],
    ["SOMETHING_NEW", APIError],
  ])("maps extensions.code %s in a 200 to %o", async (code, ErrorClass) => {
    const error = await failureOf(graphqlError(code, 200, {}, { "x-request-id": "req-gql" }));
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toMatchObject({ status: 200, code, requestId: "req-gql", message: `${code}: failed with ${code}` });
    expect((error as APIError).errors[0]?.extensions?.code).toBe(code);
  });

  it("prefers the GraphQL code over the HTTP status", async () => {
    const error = await failureOf(graphqlError("UNAUTHENTICATED", 401));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: "UNAUTHENTICATED", message: "401 UNAUTHENTICATED: failed with UNAUTHENTICATED" });
    const quota = await failureOf(graphqlError("QUOTA_EXCEEDED", 429, { quota: { limit: 10, used: 10, resetsAt: "2027-01-01T00:00:00.000Z" } }));
    expect(quota).toBeInstanceOf(QuotaExceededError);
    expect(quota).not.toBeInstanceOf(RateLimitError);
    expect(quota).toMatchObject({ limit: 10, used: 10, resetsAt: "2027-01-01T00:00:00.000Z" });
    // The gateway's shape: what the request needed and what was left.
    const gatewayQuota = await failureOf(graphqlError("QUOTA_EXCEEDED", 429, { requested: 12, remaining: 3, resetsAt: "2027-01-01T00:00:00.000Z" }));
    expect(gatewayQuota).toMatchObject({ requested: 12, remaining: 3, limit: undefined, resetsAt: "2027-01-01T00:00:00.000Z" });
  });

  it("reads RateLimitError.retryAfter from the headers, else from the extensions", async () => {
    expect(await failureOf(graphqlError("RATE_LIMITED", 429, { retryAfter: 9 }, { "retry-after": "7" }))).toMatchObject({ retryAfter: 7 });
    expect(await failureOf(graphqlError("RATE_LIMITED", 200, { retryAfter: 9 }))).toMatchObject({ retryAfter: 9 });
    expect(await failureOf({ status: 429 })).toMatchObject({ retryAfter: undefined, message: "429: status code (no body)" });
  });

  it("keeps every GraphQL error and says how many there were", async () => {
    const body = { data: null, errors: [{ message: "first", extensions: { code: "BAD_USER_INPUT" } }, { message: "second" }] };
    const error = (await failureOf({ status: 200, body })) as APIError;
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.errors.map((item) => item.message)).toEqual(["first", "second"]);
    expect(error.message).toBe("BAD_USER_INPUT: first (and 1 more error)");
  });

  it("turns a null lookup into NotFoundError and a body without data into APIError", async () => {
    const missing = await failureOf(graphqlData({ model: null }, { "x-request-id": "req-null" }));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing).toMatchObject({ code: "NOT_FOUND", requestId: "req-null", message: 'NOT_FOUND: Model "eng-fra" not found.' });
    const malformed = await failureOf({ status: 200, body: "<html>proxy page</html>" });
    expect(malformed).toBeInstanceOf(APIError);
    expect((malformed as APIError).message).toMatch(/Malformed GraphQL response/);
  });
});

describe(".withResponse()", () => {
  it("gives the data, the raw response and the request id", async () => {
    server = await startScriptedServer(
      inSequence(graphqlData({ model: modelFixture("eng-fra") }, { "x-request-id": "req-42", "x-ratelimit-remaining": "59" })),
    );
    const client = new Parley({ apiKey: "pk_test", baseURL: server.url });
    const promise = client.models.retrieve("eng-fra");
    const { data, response, requestId } = await promise.withResponse();
    expect(data.name).toBe("eng-fra");
    expect(requestId).toBe("req-42");
    expect(response.status).toBe(200);
    expect(response.headers.get("x-ratelimit-remaining")).toBe("59");
    // The same promise also awaits to the data, from the one request.
    expect((await promise).name).toBe("eng-fra");
    expect(server.requests).toHaveLength(1);
  });

  it("rejects with the typed error too", async () => {
    server = await startScriptedServer(inSequence(graphqlError("FORBIDDEN", 200)));
    const client = new Parley({ apiKey: "pk_test", baseURL: server.url });
    await expect(client.tenants.list().withResponse()).rejects.toBeInstanceOf(PermissionDeniedError);
  });
});
