import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * Stored responses are encrypted (AES-256-GCM) with a key derived from the caller's API key, which the
 * database never holds: a replayed `createApiKey` answer carries a new secret key, and it must not sit in
 * PostgreSQL in clear. Only a retry with the same API key can read it.
 */
export function sealBody(body: string, apiKey: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", derivedKey(apiKey), iv);
  const encrypted = Buffer.concat([cipher.update(body, "utf8"), cipher.final()]);
  return `v1:${Buffer.concat([iv, cipher.getAuthTag(), encrypted]).toString("base64")}`;
}

/** The body sealed with this API key, or undefined when it was sealed with another one. */
export function openBody(sealed: string, apiKey: string): string | undefined {
  if (!sealed.startsWith("v1:")) return undefined;
  const bytes = Buffer.from(sealed.slice(3), "base64");
  try {
    const decipher = createDecipheriv("aes-256-gcm", derivedKey(apiKey), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return undefined;
  }
}

function derivedKey(apiKey: string): Buffer {
  return createHash("sha256").update(`parley-idempotent-response:${apiKey}`).digest();
}
