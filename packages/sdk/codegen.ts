import path from "node:path";
import { fileURLToPath } from "node:url";
import type { CodegenConfig } from "@graphql-codegen/cli";

const sdkRoot = path.dirname(fileURLToPath(import.meta.url));

/** The gateway's SDL (the API contract) and the SDK's own operations. */
export const schemaGlob = path.join(sdkRoot, "../server/src/modules/*/schema.graphql");
export const documentsGlob = path.join(sdkRoot, "src/operations/*.graphql");
export const generatedFile = "graphql.ts";

const config: CodegenConfig = {
  schema: schemaGlob,
  documents: documentsGlob,
  silent: true,
  errorsOnly: true,
  generates: {
    [path.join(sdkRoot, "src/generated", generatedFile)]: {
      plugins: ["typescript-operations", "typed-document-node"],
      config: {
        // Query strings printed at generation time: the runtime needs no `graphql` package.
        documentMode: "string",
        // String unions, not TS enums: types only, nothing at runtime.
        enumsAsTypes: true,
        onlyOperationTypes: true,
        useTypeImports: true,
        skipTypename: true,
        strictScalars: true,
        scalars: { DateTime: "string", SafeInt: "number", JSON: "unknown" },
        maybeValue: "T | null",
        inputMaybeValue: "T | null | undefined",
      },
    },
  },
};

export default config;
