import { setTimeout as sleep } from "node:timers/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { tinyModelSentences } from "../support/tiny-model.js";
import { useTestGateway } from "../support/use-test-gateway.js";

interface StreamEvent {
  event: string;
  data: Record<string, any>;
}

/** Reads server-sent events as they arrive, calling onEvent for each; stops early when it returns false. */
async function readEvents(response: Response, onEvent: (event: StreamEvent) => Promise<boolean | void>): Promise<void> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffered += value;
    let end: number;
    while ((end = buffered.indexOf("\n\n")) >= 0) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const event = block.split("\n").find((line) => line.startsWith("event: "))!.slice(7);
      const data = JSON.parse(block.split("\n").find((line) => line.startsWith("data: "))!.slice(6));
      if ((await onEvent({ event, data })) === false) {
        await reader.cancel();
        return;
      }
    }
  }
}

describe("POST /v1/translations/stream", () => {
  const gateway = useTestGateway();
  let sentences: string[];
  const stream = (body: unknown, key?: string, signal?: AbortSignal) =>
    fetch(`${gateway.url}/v1/translations/stream`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: typeof body === "string" ? body : JSON.stringify(body),
      ...(signal ? { signal } : {}),
    });
  const records = (tenantId: string) => gateway.db.prisma.usageRecord.findMany({ where: { tenantId } });

  beforeAll(async () => {
    await gateway.publishTinyModel();
    sentences = await tinyModelSentences(40);
  }, 300_000);

  it("sends each sentence before the last one is done, then bills the whole text exactly once", async () => {
    const { key, tenantId } = await gateway.createTenantWithKey();
    const text = sentences.slice(0, 8).join("\n");
    const response = await stream({ model: "tiny-en-fr", text }, key);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events: StreamEvent[] = [];
    let statusAtFirstSentence: string | undefined;
    await readEvents(response, async (event) => {
      if (events.length === 0) statusAtFirstSentence = (await records(tenantId))[0]?.status;
      events.push(event);
    });
    // The first sentence arrived while the request was still reserved, i.e. before the translation was finished.
    expect(statusAtFirstSentence).toBe("RESERVED");
    const sentenceEvents = events.filter((e) => e.event === "sentence");
    expect(sentenceEvents.map((e) => e.data.sentenceIndex)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(sentenceEvents.map((e) => e.data.source)).toEqual(sentences.slice(0, 8));
    const done = events.at(-1)!;
    expect(done.event).toBe("done");
    expect(done.data.translations[0].text).toBe(sentenceEvents.map((e) => e.data.text).join(""));
    expect(done.data.usage.billedCharacters).toBe([...text].length);
    const rows = await records(tenantId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "SUCCEEDED", inputCharacters: [...text].length });
  });

  it("bills a client that goes away early for the sentences it was sent, and gives the rest back", async () => {
    const { key, tenantId } = await gateway.createTenantWithKey();
    const controller = new AbortController();
    const texts = [sentences.join("\n"), sentences.join("\n")];
    const response = await stream({ model: "tiny-en-fr", texts }, key, controller.signal);
    let received = 0;
    await readEvents(response, async () => {
      received += 1;
      controller.abort();
      return false;
    }).catch(() => undefined);
    expect(received).toBe(1);
    for (let waited = 0; waited < 100 && (await records(tenantId))[0]?.status === "RESERVED"; waited += 1) await sleep(100);
    const rows = await records(tenantId);
    expect(rows.map((row) => row.status)).toEqual(["SUCCEEDED"]);
    // At least the sentence it read, less than everything; the month's counter holds exactly what the ledger bills.
    const total = texts.reduce((sum, text) => sum + [...text].length, 0);
    expect(rows[0]!.inputCharacters).toBeGreaterThanOrEqual([...sentences[0]!].length);
    expect(rows[0]!.inputCharacters).toBeLessThan(total);
    const counter = await gateway.db.prisma.usageCounter.findFirstOrThrow({ where: { tenantId } });
    expect(Number(counter.characters)).toBe(rows[0]!.inputCharacters);
  });

  it("refuses before streaming, as JSON with translate's codes, billing nothing", async () => {
    const { key, tenantId } = await gateway.createTenantWithKey({ monthlyCharacterQuota: 10 });
    const cases: [unknown, string | undefined, number, string][] = [
      [{ model: "tiny-en-fr", text: "hello" }, undefined, 401, "UNAUTHENTICATED"],
      [{ model: "tiny-en-fr", text: "more than ten characters" }, key, 429, "QUOTA_EXCEEDED"],
      [{ model: "nope", text: "hi" }, key, 404, "NOT_FOUND"],
      [{ model: "tiny-en-fr" }, key, 400, "BAD_USER_INPUT"],
      [{ model: "tiny-en-fr", text: "hi", format: "HTML" }, key, 400, "BAD_USER_INPUT"],
      [{ model: "tiny-en-fr", text: "hi", idempotencyKey: "abc" }, key, 400, "BAD_USER_INPUT"],
      [{ model: "tiny-en-fr", texts: "hi" }, key, 400, "BAD_USER_INPUT"],
      // The same string policy as every GraphQL string: no NUL, no unpaired surrogate, names of bounded length.
      [{ model: "tiny-en-fr", text: "hi \ud800" }, key, 400, "BAD_USER_INPUT"],
      [{ model: "tiny-en-fr", texts: ["ok", "Hi.\u0000 ok"] }, key, 400, "BAD_USER_INPUT"],
      [{ model: "tiny-en-fr", text: "hi", label: "x".repeat(300) }, key, 400, "BAD_USER_INPUT"],
      ["{not json", key, 400, "BAD_USER_INPUT"],
    ];
    for (const [body, withKey, status, code] of cases) {
      const response = await stream(body, withKey);
      expect(response.status, JSON.stringify(body)).toBe(status);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      const json = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(json.errors[0]!.extensions.code, JSON.stringify(body)).toBe(code);
      expect(JSON.stringify(json)).not.toMatch(/node_modules|at .*\.ts/);
    }
    expect(await records(tenantId)).toHaveLength(0);
  });
});
