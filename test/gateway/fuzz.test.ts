import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { useTestGateway } from "../support/use-test-gateway.js";

// Seeded and bounded in time: the same inputs on every run, at most ~12 s per property.
const SEED = 20261129;
const TIME_LIMIT_MS = 12_000;

/** Strings clients send by mistake or on purpose: NUL, lone surrogates, huge, injection-looking, any code point. */
const weirdString = fc.oneof(
  fc.constantFrom("", "\u0000", "a\u0000", "\ud800", "\udc00x", "😀", "x".repeat(300), "'; DROP TABLE \"Model\"; --", "%s%n", "tiny-en-fr", "stable", "eng-fra", "en", "00000000-0000-0000-0000-000000000000"),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
);
const weirdNumber = fc.oneof(fc.integer(), fc.constantFrom(0, -1, 2 ** 31, 2 ** 53, 1e300, 0.5, Number.MAX_SAFE_INTEGER));
/** A variable's value: usually of the declared type, sometimes any JSON at all (coercion errors). */
const valueFor = (arbitrary: fc.Arbitrary<unknown>) => fc.oneof({ weight: 4, arbitrary }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) });
const s = valueFor(weirdString);
const n = valueFor(weirdNumber);

const OPERATIONS: [string, Record<string, fc.Arbitrary<unknown>>][] = [
  [`query Q($a: String!) { model(name: $a) { name versions { version } } }`, { a: s }],
  [`query Q($f: Int, $a: String) { models(first: $f, after: $a) { nodes { name } } }`, { f: n, a: s }],
  [`mutation M($a: String!, $b: String!, $c: String!, $d: String) { createModel(input: { name: $a, sourceLanguage: $b, targetLanguage: $c, description: $d }) { name } }`, { a: s, b: s, c: s, d: s }],
  [
    `mutation T($m: String!, $t: [String!]!, $v: Int, $l: String, $k: String, $b: Int, $x: Int) { translate(input: { model: $m, texts: $t, version: $v, label: $l, idempotencyKey: $k, options: { beamSize: $b, maxLength: $x } }) { translations { text } } }`,
    { m: fc.oneof(fc.constant("tiny-en-fr"), weirdString), t: valueFor(fc.array(weirdString, { maxLength: 4 })), v: n, l: s, k: s, b: n, x: n },
  ],
  [`mutation R($m: String!, $l: String) { rollbackModel(model: $m, label: $l) { name } }`, { m: s, l: s }],
  [`mutation P($m: String!, $v: Int!, $l: String!) { promoteModelVersion(input: { model: $m, version: $v, label: $l }) { name } }`, { m: s, v: n, l: s }],
  [`mutation C($m: String!, $p: Int!) { setCanaryTraffic(model: $m, percent: $p) { name } }`, { m: s, p: n }],
  [`mutation A($m: String!, $v: Int!) { archiveModelVersion(model: $m, version: $v) { version } }`, { m: s, v: n }],
  [`mutation K($n: String!) { createApiKey(input: { name: $n, scopes: [READ] }) { apiKey { id } } }`, { n: s }],
  [`query D($i: ID!) { dataset(id: $i) { name } trainingJob(id: $i) { id } }`, { i: s }],
  [`mutation X($i: ID!) { deleteDataset(id: $i) { id } revokeApiKey(id: $i) { id } }`, { i: s }],
  [`mutation Tr($m: String!, $d: ID!, $p: String, $x: Int!) { trainModel(input: { model: $m, dataset: $d, preset: $p, maxMinutes: $x }) { id } }`, { m: s, d: s, p: s, x: n }],
  [`query U($f: DateTime!, $t: DateTime!) { usage(from: $f, to: $t, groupBy: DAY) { totals { billedCharacters } } }`, { f: s, t: s }],
  [`mutation Tn($n: String!) { createTenant(input: { name: $n }) { id } }`, { n: s }],
];

const graphqlRequest = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...OPERATIONS).chain(([query, vars]) => fc.record(vars).map((variables) => ({ query, variables }))) },
  // Documents that are not what the schema offers: random text, subscriptions, unknown fields, literals with escapes.
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 60 }).map((query) => ({ query, variables: {} })) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(`subscription { viewer { scopes } }`, `{ nope }`, `{ model(name: "a\\u0000b") { name } }`, `{ model(name: "\\ud800") { name } }`, `query { viewer { scopes } } query B { viewer { scopes } }`)
      .map((query) => ({ query, variables: {} })),
  },
);

/** A multipart upload, then mangled: cut anywhere, bytes flipped, boundary or headers wrong. */
const multipartUpload = fc
  .record({
    name: weirdString,
    source: weirdString,
    target: weirdString,
    tsv: fc.oneof(fc.constant("hello\tbonjour\n".repeat(30)), fc.string({ unit: "binary", maxLength: 200 })),
    cut: fc.option(fc.nat(), { nil: undefined }),
    flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
    boundary: fc.constantFrom("XyZ", "XyZ", "", "other", "x".repeat(80)),
    contentType: fc.constantFrom("multipart/form-data; boundary=", "multipart/form-data; boundary=", "multipart/mixed; boundary=", "application/json; x=", "text/plain; boundary="),
  })
  .map(({ name, source, target, tsv, cut, flips, boundary, contentType }) => {
    const part = (header: string, value: string) => `--XyZ\r\nContent-Disposition: form-data; ${header}\r\n\r\n${value}\r\n`;
    const text = part(`name="name"`, name) + part(`name="sourceLanguage"`, source) + part(`name="targetLanguage"`, target) + part(`name="file"; filename="a.tsv"`, tsv) + "--XyZ--\r\n";
    let body = Buffer.from(text, "utf8");
    if (cut !== undefined) body = body.subarray(0, cut % (body.length + 1));
    for (const [at, byte] of flips) if (body.length > 0) body[at % body.length] = byte;
    return { body, contentType: `${contentType}${boundary}` };
  });

interface ErrorBody {
  errors?: { extensions?: { code?: unknown } }[];
  error?: { code?: unknown };
}

describe("fuzz: client input never gets a 5xx or an error without a JSON code", () => {
  const gateway = useTestGateway({ tinyModel: true });

  it("GraphQL operations with random variables and documents", async () => {
    const { key } = await gateway.createTenantWithKey({ requestsPerMinute: 1_000_000, maxConcurrentRequests: 100 }, ["ADMIN", "TRANSLATE", "TRAIN", "READ"]);
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(graphqlRequest, async (request) => {
        runs += 1;
        const response = await fetch(gateway.graphqlUrl, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
          body: JSON.stringify(request),
        });
        const text = await response.text();
        expect(response.status, text).toBeLessThan(500);
        expect(response.headers.get("content-type")).toMatch(/^application\/json/);
        const body = JSON.parse(text) as ErrorBody;
        for (const error of body.errors ?? []) expect(typeof error.extensions?.code, text).toBe("string");
        if (response.status >= 400) expect(body.errors?.length, text).toBeGreaterThan(0);
      }),
      { seed: SEED, numRuns: 100_000, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false },
    );
    expect(runs).toBeGreaterThan(20);
    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
  });

  it("malformed dataset uploads", async () => {
    const { key } = await gateway.createTenantWithKey({ requestsPerMinute: 1_000_000 }, ["TRAIN", "READ"]);
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(multipartUpload, async ({ body, contentType }) => {
        runs += 1;
        const response = await fetch(`${gateway.url}/v1/datasets`, {
          method: "POST",
          headers: { "content-type": contentType, authorization: `Bearer ${key}` },
          body,
        });
        const text = await response.text();
        expect(response.status, text).toBeLessThan(500);
        expect(response.headers.get("content-type")).toMatch(/^application\/json/);
        if (response.status >= 400) expect(typeof (JSON.parse(text) as ErrorBody).error?.code, text).toBe("string");
      }),
      { seed: SEED, numRuns: 100_000, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false },
    );
    expect(runs).toBeGreaterThan(20);
    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
  });
});
