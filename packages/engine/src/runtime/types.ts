import type { Glossary } from "../text/glossary.js";

export interface DecodeOptions {
  beamSize?: number;
  maxLength?: number;
  /** Terms that must come out as given; requests with different glossaries are batched apart. */
  glossary?: Glossary;
}
