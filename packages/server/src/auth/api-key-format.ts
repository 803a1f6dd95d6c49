import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** Characters of the key kept visible (and unique) to find its row before hashing. */
export const KEY_PREFIX_LENGTH = 12;
const KEY_PATTERN = /^pk_[A-Za-z0-9_-]{8,200}$/;

/** `pk_` + 32 random bytes in base64url (256 bits of entropy, 46 characters). */
export function generateApiKey(): string {
  return `pk_${randomBytes(32).toString("base64url")}`;
}

export function isWellFormedKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

export function keyPrefix(key: string): string {
  return key.slice(0, KEY_PREFIX_LENGTH);
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** Constant-time comparison of a presented key against a stored hash. */
export function keyMatchesHash(key: string, storedHash: string): boolean {
  const presented = Buffer.from(hashApiKey(key), "hex");
  const stored = Buffer.from(storedHash, "hex");
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
