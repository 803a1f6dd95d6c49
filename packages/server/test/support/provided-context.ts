// Brings the global setup's `ProvidedContext` declarations (pgServerUrl,
// pgTemplate) into this package's type check, for test/support/database.ts.
export type {} from "../../../../test/support/global-setup.js";
