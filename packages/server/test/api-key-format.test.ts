import { describe, expect, it } from "vitest";
import { generateApiKey, hashApiKey, isWellFormedKey, keyMatchesHash, keyPrefix, KEY_PREFIX_LENGTH } from "../src/auth/api-key-format.js";
import { bearerToken } from "../src/auth/authenticate.js";
import { codePoints } from "../src/limits/billing-period.js";

describe("API key format", () => {
  it("generates pk_ keys with 256 bits of randomness, all different", () => {
    const keys = Array.from({ length: 1000 }, generateApiKey);
    expect(new Set(keys).size).toBe(1000);
    expect(new Set(keys.map(keyPrefix)).size).toBe(1000);
    for (const key of keys.slice(0, 20)) {
      expect(key).toMatch(/^pk_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(key.slice(3), "base64url")).toHaveLength(32);
      expect(isWellFormedKey(key)).toBe(true);
      expect(keyPrefix(key)).toHaveLength(KEY_PREFIX_LENGTH);
    }
  });

  it("matches a key only against its own SHA-256", () => {
    const key = generateApiKey();
    const hash = hashApiKey(key);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(keyMatchesHash(key, hash)).toBe(true);
    expect(keyMatchesHash(`${key}x`, hash)).toBe(false);
    expect(keyMatchesHash(key, hash.slice(0, 10))).toBe(false);
  });

  it("rejects malformed keys and Authorization headers", () => {
    for (const bad of ["", "pk_", "pk_short", "sk_abcdefghijkl", "pk_has space inside", `pk_${"a".repeat(300)}`]) {
      expect(isWellFormedKey(bad)).toBe(false);
    }
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken("Bearer pk_abc")).toBe("pk_abc");
    expect(bearerToken("bearer   pk_abc ")).toBe("pk_abc");
    expect(() => bearerToken("Basic dXNlcjpwYXNz")).toThrow(/Malformed/);
    expect(() => bearerToken("Bearer a b")).toThrow(/Malformed/);
  });
});

describe("billed characters", () => {
  it("counts Unicode code points", () => {
    expect(codePoints("hello")).toBe(5);
    expect(codePoints("😀👍🏽")).toBe(3); // the skin-tone modifier is its own code point
    expect(codePoints("你好")).toBe(2);
    expect(codePoints("𝔘𝔫𝔦")).toBe(3);
    expect(codePoints("")).toBe(0);
  });
});
