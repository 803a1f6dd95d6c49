import { z } from "zod";

/** Origins that browsers may call the API from: `*` for any, else exact origins. */
export type CorsOrigins = "*" | string[];

/** An origin as browsers send it: scheme, host and port only, no path or trailing slash. */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.origin === value;
  } catch {
    return false;
  }
}

/** `PARLEY_CORS_ORIGINS`: `*`, or comma-separated origins such as `https://app.example.com,http://localhost:5173`. */
export const corsOriginsSchema = z
  .string()
  .transform((value) => value.split(",").map((origin) => origin.trim()).filter((origin) => origin !== ""))
  .refine(
    (origins) => origins.length > 0 && ((origins.length === 1 && origins[0] === "*") || origins.every(isOrigin)),
    "must be * or comma-separated origins like https://app.example.com (scheme, lower-case host and port; no path)",
  )
  .transform((origins): CorsOrigins => (origins[0] === "*" ? "*" : origins));
