import {
  defaultFieldResolver,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLList,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLScalarType,
  type GraphQLSchema,
} from "graphql";
import { BadUserInputError } from "../errors/gateway-errors.js";
import { DEFAULT_MAX_STRING_LENGTH, stringProblem } from "../input/string-policy.js";

/**
 * Limits (code points) of the string inputs that may be longer than the default,
 * by `Type.field` of an input type or `Type.field(argument)`. `null`: no length
 * limit here (translate texts are held to the tenant's maxTextLength, the body to
 * PARLEY_MAX_BODY_BYTES).
 */
const LENGTH_LIMITS: Record<string, number | null> = {
  "TranslateInput.texts": null,
  "CreateModelInput.description": 2_000,
  // Held to MAX_GLOSSARY_TEXT_BYTES by the glossary parser (modules/glossaries/parse-entries.ts).
  "CreateGlossaryInput.entriesText": null,
};

const STRING_SCALARS = new Set(["String", "ID"]);

/**
 * graphql's own predicates (isObjectType...) use instanceof, which fails when the
 * schema was built by another copy of graphql (its CommonJS and ESM builds, as
 * under vitest); the types' toStringTag is the same in both.
 */
const tagOf = (value: unknown): string => Object.prototype.toString.call(value).slice(8, -1);
const isObjectType = (type: unknown): type is GraphQLObjectType => tagOf(type) === "GraphQLObjectType";
const isInputObjectType = (type: unknown): type is GraphQLInputObjectType => tagOf(type) === "GraphQLInputObjectType";
const isScalarType = (type: unknown): type is GraphQLScalarType => tagOf(type) === "GraphQLScalarType";
const isListType = (type: unknown): type is GraphQLList<GraphQLInputType> => tagOf(type) === "GraphQLList";
const getNullableType = (type: GraphQLInputType): GraphQLInputType =>
  tagOf(type) === "GraphQLNonNull" ? (type as { ofType: GraphQLInputType }).ofType : type;
function getNamedType(type: GraphQLInputType): GraphQLNamedType {
  let current: unknown = type;
  while (current && "ofType" in (current as object)) current = (current as { ofType: unknown }).ofType;
  return current as GraphQLNamedType;
}

/**
 * Wraps every field that takes arguments so that each string in its (coerced)
 * arguments, at any depth of input objects and lists, is checked before the
 * resolver runs: no U+0000, no unpaired surrogate, at most its length. One
 * place for every String input of the API; a bad one is BAD_USER_INPUT (400)
 * naming the argument, and nothing runs.
 */
export function guardStringArguments(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      if (!field.args.some((arg) => carriesStrings(arg.type))) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args: Record<string, unknown>, context, info) => {
        for (const arg of field.args) {
          checkValue(args[arg.name], arg.type, arg.name, `${type.name}.${field.name}(${arg.name})`);
        }
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}

function carriesStrings(type: GraphQLInputType, seen = new Set<string>()): boolean {
  const named = getNamedType(type);
  if (isScalarType(named)) return STRING_SCALARS.has(named.name) || named.name === "JSON";
  if (!isInputObjectType(named) || seen.has(named.name)) return false;
  seen.add(named.name);
  return Object.values(named.getFields()).some((field) => carriesStrings(field.type, seen));
}

function checkValue(value: unknown, type: GraphQLInputType, path: string, limitKey: string): void {
  if (value === null || value === undefined) return;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (Array.isArray(value)) value.forEach((item, index) => checkValue(item, nullable.ofType, `${path}[${index}]`, limitKey));
    return;
  }
  if (isInputObjectType(nullable)) {
    for (const field of Object.values(nullable.getFields())) {
      checkValue((value as Record<string, unknown>)[field.name], field.type, `${path}.${field.name}`, `${nullable.name}.${field.name}`);
    }
    return;
  }
  if (isScalarType(nullable) && STRING_SCALARS.has(nullable.name) && typeof value === "string") {
    const limit = limitKey in LENGTH_LIMITS ? LENGTH_LIMITS[limitKey] : DEFAULT_MAX_STRING_LENGTH;
    refuse(path, stringProblem(value, limit ?? undefined));
  } else if (isScalarType(nullable) && nullable.name === "JSON") {
    checkJson(value, path);
  }
}

/** Free-form JSON has no length limit here, but its strings (and keys) reach jsonb columns. */
function checkJson(value: unknown, path: string): void {
  if (typeof value === "string") refuse(path, stringProblem(value));
  else if (Array.isArray(value)) value.forEach((item, index) => checkJson(item, `${path}[${index}]`));
  else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      refuse(`${path} key`, stringProblem(key));
      checkJson(item, `${path}.${key}`);
    }
  }
}

function refuse(path: string, problem: string | undefined): void {
  if (problem) throw new BadUserInputError(`${path} ${problem}.`, { field: path });
}
