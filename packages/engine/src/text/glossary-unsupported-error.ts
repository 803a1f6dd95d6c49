/** A glossary was given for a model that was not trained to copy placeholders, so it cannot place terms. */
export class GlossaryUnsupportedError extends Error {
  readonly code = "GLOSSARY_UNSUPPORTED";

  constructor() {
    super("this model was trained without placeholders and cannot apply a glossary; retrain it with placeholders (the default)");
    this.name = "GlossaryUnsupportedError";
  }
}
