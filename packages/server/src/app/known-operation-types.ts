import { GraphQLError, type ASTVisitor, type ValidationContext } from "graphql";

/**
 * graphql-js 16 validates a `subscription` (or a `mutation` on a schema without
 * one) and only fails when executing it, which Apollo reports as an internal
 * error. This rule (graphql-js 17's KnownOperationTypesRule) refuses such a
 * document while validating: GRAPHQL_VALIDATION_FAILED, 400.
 */
export function knownOperationTypes(context: ValidationContext): ASTVisitor {
  const schema = context.getSchema();
  return {
    OperationDefinition(node) {
      if (schema.getRootType(node.operation)) return;
      context.reportError(
        new GraphQLError(`This API does not support ${node.operation} operations${node.operation === "subscription" ? " (there are none over HTTP)" : ""}.`, {
          nodes: node,
        }),
      );
    },
  };
}
