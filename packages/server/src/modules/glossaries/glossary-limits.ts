/** Limits of glossaries (documented in the README's Glossaries section). */
export const GLOSSARY_LIMITS = {
  /** Entries per glossary (DeepL allows about as many per 10 MB; Google 10 million characters). */
  maxEntries: 10_000,
  /** Code points per term, each side. */
  maxTermLength: 256,
  /** Bytes of `entriesText` (UTF-8); the request body limit PARLEY_MAX_BODY_BYTES applies too. */
  maxTextBytes: 1_048_576,
  /** Glossaries per tenant. */
  maxPerTenant: 100,
  /** Problems listed in one error (the count stays complete). */
  maxListedIssues: 100,
} as const;
