import { describe, expect, it } from "vitest";
import { retryAfterFromHeaders, retryDelayMs } from "../src/core/retry-policy.js";

describe("retry policy", () => {
  it("reads retry-after-ms, Retry-After seconds and Retry-After HTTP dates", () => {
    const now = Date.parse("2026-05-01T12:00:00.000Z");
    expect(retryAfterFromHeaders(new Headers({ "retry-after-ms": "250.5", "retry-after": "9" }), now)).toBe(250.5);
    expect(retryAfterFromHeaders(new Headers({ "retry-after": "3" }), now)).toBe(3_000);
    expect(retryAfterFromHeaders(new Headers({ "retry-after": "Fri, 01 May 2026 12:00:05 GMT" }), now)).toBe(5_000);
    expect(retryAfterFromHeaders(new Headers({ "retry-after": "Fri, 01 May 2026 11:00:00 GMT" }), now)).toBe(0);
    expect(retryAfterFromHeaders(new Headers({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(retryAfterFromHeaders(new Headers(), now)).toBeUndefined();
  });

  it("doubles from 0.5 s to at most 8 s, with up to 25% jitter off", () => {
    const noJitter = [0, 1, 2, 3, 4, 5, 6].map((retries) => retryDelayMs(retries, undefined, () => 0));
    expect(noJitter).toEqual([500, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
    const fullJitter = [0, 1, 4].map((retries) => retryDelayMs(retries, undefined, () => 0.999_999));
    expect(fullJitter.map(Math.round)).toEqual([375, 750, 6_000]);
  });

  it("honours a server-requested wait up to 60 s", () => {
    expect(retryDelayMs(0, 12_000)).toBe(12_000);
    expect(retryDelayMs(3, 0)).toBe(0);
    expect(retryDelayMs(0, 3_600_000)).toBe(60_000);
  });
});
